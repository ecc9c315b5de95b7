using System.Diagnostics;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Notebooks;

/// <summary>
/// How to start the real .NET Interactive kernel (the <c>dotnet-interactive</c> tool) in its stdio mode: as the local
/// tool of the nearest tool manifest that lists it (<c>.config/dotnet-tools.json</c>, restored by <c>dotnet tool
/// restore</c>), else as a global tool on the PATH.
/// </summary>
public sealed record KernelLauncher(string FileName, IReadOnlyList<string> Prefix, string WorkingDirectory)
{
    public const string ToolPackage = "microsoft.dotnet-interactive";
    public const string ToolCommand = "dotnet-interactive";

    /// <summary>
    /// The kernel's environment: 256-bit vectors whatever the CPU (the last bits of a vectorised sum depend on the width,
    /// and committed outputs must be the same on every machine), the invariant culture, and no telemetry or banners.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_EnableAVX512"] = "0",
        ["DOTNET_EnableAVX512F"] = "0",
        ["DOTNET_PreferredVectorBitWidth"] = "256",
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>The launcher for notebooks in <paramref name="folder"/>: a manifest above it, above the current directory, or a global tool.</summary>
    public static Fin<KernelLauncher> Find(string folder) =>
        Find(folder, Directory.GetCurrentDirectory(), System.Environment.GetEnvironmentVariable("PATH") ?? "");

    /// <summary>As <see cref="Find(string)"/>, with the current directory and the PATH given.</summary>
    public static Fin<KernelLauncher> Find(string folder, string currentDirectory, string searchPath) =>
        (ManifestAbove(folder) ?? ManifestAbove(currentDirectory)) is { } dir
            ? new KernelLauncher("dotnet", ["tool", "run", ToolCommand, "--"], dir)
            : OnPath(searchPath) is { } path ? new KernelLauncher(path, [], folder)
            : Error.New("the .NET Interactive kernel is not installed: run `dotnet tool restore` in the repository "
                + "(or `dotnet tool install --global Microsoft.dotnet-interactive --version 1.0.712001`)");

    /// <summary>The stdio kernel's process, C# by default, its working directory the notebook's folder.</summary>
    public ProcessStartInfo StartInfo(string notebookFolder)
    {
        var start = new ProcessStartInfo(FileName)
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in Prefix.Concat(["stdio", "--default-kernel", "csharp", "--working-dir", Path.GetFullPath(notebookFolder)])) start.ArgumentList.Add(arg);
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        return start;
    }

    private static string? ManifestAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            var manifest = Path.Combine(dir.FullName, ".config", "dotnet-tools.json");
            if (File.Exists(manifest) && File.ReadAllText(manifest).Contains($"\"{ToolPackage}\"", StringComparison.OrdinalIgnoreCase)) return dir.FullName;
        }
        return null;
    }

    private static string? OnPath(string searchPath) =>
        searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, ToolCommand)).FirstOrDefault(File.Exists);
}
