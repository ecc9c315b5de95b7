using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Backprop.Notebooks;

/// <summary>
/// Metadata references for cells: the shared framework, then packages by assembly name (a package's
/// assembly replaces the framework's one of the same name, as it does at run time).
/// </summary>
internal static class References
{
    private static readonly Lazy<ImmutableDictionary<string, string>> FrameworkPaths = new(() =>
    {
        var dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), dir, StringComparison.Ordinal) && IsManaged(p))
            .ToImmutableDictionary(p => Path.GetFileNameWithoutExtension(p), p => p, StringComparer.OrdinalIgnoreCase);
    });

    private static readonly Dictionary<string, MetadataReference> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>Every assembly of the shared framework, and the runner (for the globals).</summary>
    public static ImmutableDictionary<string, string> Defaults =>
        FrameworkPaths.Value.SetItem(typeof(NotebookGlobals).Assembly.GetName().Name!, typeof(NotebookGlobals).Assembly.Location);

    /// <summary>An assembly loaded in this process and the assemblies it references, transitively, by path.</summary>
    public static ImmutableDictionary<string, string> Closure(Assembly root)
    {
        var found = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<Assembly>([root]);
        while (queue.TryDequeue(out var assembly))
        {
            var name = assembly.GetName().Name!;
            if (found.ContainsKey(name) || assembly.IsDynamic || assembly.Location.Length == 0) continue;
            if (!FrameworkPaths.Value.ContainsKey(name)) found[name] = assembly.Location;
            foreach (var reference in assembly.GetReferencedAssemblies())
                if (!FrameworkPaths.Value.ContainsKey(reference.Name!) && !found.ContainsKey(reference.Name!) && TryLoad(reference) is { } next)
                    queue.Enqueue(next);
        }
        return found.ToImmutable();
    }

    public static MetadataReference ForPath(string path)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(path, out var reference)) Cache[path] = reference = MetadataReference.CreateFromFile(path);
            return reference;
        }
    }

    private static Assembly? TryLoad(AssemblyName name)
    {
        try { return Assembly.Load(name); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
    }

    private static bool IsManaged(string path)
    {
        try { AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }
}
