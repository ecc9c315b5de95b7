using System.Text.RegularExpressions;

namespace Backprop.Functional.Plots;

/// <summary>
/// Skia's SVG canvas numbers clip paths from a process-wide counter in hex ("cl_1a", then "cl_1c" for the same chart),
/// so the same chart would give different SVG text. Renumbering the ids in order of appearance makes it a function of the chart.
/// </summary>
internal static partial class SvgIds
{
    public static string Normalise(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Declared().Matches(svg))
            ids.TryAdd(m.Groups["id"].Value, $"{m.Groups["prefix"].Value}_{ids.Count + 1}");
        return ids.Count == 0 ? svg : Reference().Replace(svg, m => ids.TryGetValue(m.Groups["id"].Value, out var id) ? m.Groups["lead"].Value + id : m.Value);
    }

    [GeneratedRegex("""id="(?<id>(?<prefix>[A-Za-z]+)_[0-9A-Fa-f]+)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Declared();

    [GeneratedRegex("""(?<lead>id="|\#)(?<id>[A-Za-z]+_[0-9A-Fa-f]+)""")]
    private static partial Regex Reference();
}
