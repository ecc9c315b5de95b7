using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Backprop.Notebooks;

/// <summary>A <c>#r "nuget: Name, Version"</c> line of a cell (the version may be left out for the repository's own packages).</summary>
public sealed partial record PackageDirective(string Name, string? Version, int Line)
{
    /// <summary>The repository's own packages: resolved to the assemblies the runner was built with.</summary>
    public static ImmutableArray<string> RepositoryPackages { get; } =
        ["Backprop.Functional", "Backprop.Functional.Testing", "Backprop.Functional.Plots", "Backprop.Functional.Onnx"];

    public bool IsRepositoryPackage => RepositoryPackages.Contains(Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The directives of a cell, and its code with those lines blanked (so line numbers still match the cell).
    /// </summary>
    public static (string Code, ImmutableArray<PackageDirective> Packages) Extract(string source)
    {
        var lines = source.Split('\n');
        var found = lines.Select((line, i) => (Match: Pattern().Match(line), Line: i + 1)).Where(m => m.Match.Success)
            .Select(m => new PackageDirective(m.Match.Groups["name"].Value.Trim(), VersionOf(m.Match.Groups["version"]), m.Line))
            .ToImmutableArray();
        var code = string.Join('\n', lines.Select((line, i) => found.Any(p => p.Line == i + 1) ? "" : line));
        return (code, found);
    }

    private static string? VersionOf(Group g) => g.Success && g.Value.Trim().Length > 0 ? g.Value.Trim() : null;

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"]+)(,(?<version>[^"]*))?"\s*$""")]
    private static partial Regex Pattern();
}
