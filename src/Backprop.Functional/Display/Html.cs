using System.Net;
using System.Text;

namespace Backprop.Functional.Display;

/// <summary>The few pieces of HTML the notebook displays are made of: encoded text and plain tables.</summary>
public static class Html
{
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A table with a header row; cells are text (encoded here), a caption above it when given.</summary>
    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string? caption = null) =>
        Build(headers, rows.Select(r => r.Select(Encode)), caption);

    /// <summary>As <see cref="Table"/>, with cells that already are HTML.</summary>
    public static string TableOfHtml(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string? caption = null) =>
        Build(headers, rows, caption);

    private static string Build(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string? caption)
    {
        var html = new StringBuilder();
        if (caption is not null) html.Append("<p>").Append(Encode(caption)).Append("</p>\n");
        html.Append("<table>\n<thead><tr>").Append(string.Concat(headers.Select(h => $"<th>{Encode(h)}</th>"))).Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows) html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{c}</td>"))).Append("</tr>\n");
        return html.Append("</tbody>\n</table>").ToString();
    }
}
