using System.Text;

namespace Backprop.Functional.Display;

/// <summary>A plain-text table: columns padded to their widest cell, the first left-aligned and the rest right-aligned.</summary>
public static class TextTable
{
    public static string Of(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(headers).ToArray();
        var widths = Enumerable.Range(0, headers.Count).Select(c => all.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
            text.Append(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd()).Append('\n');
        return text.ToString();
    }
}
