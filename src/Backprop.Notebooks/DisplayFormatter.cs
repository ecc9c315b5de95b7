using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Backprop.Notebooks;

/// <summary>
/// Turns a value into a MIME bundle as .NET Interactive does: text/plain always; image/png for values with
/// <c>byte[] ToPng()</c>; text/html for values with <c>string ToHtml()</c> and for sequences of records or
/// anonymous objects (a table). Everything here is deterministic: no hash codes, no timings.
/// </summary>
public static class DisplayFormatter
{
    private const int MaxItems = 100;

    public static MimeBundle Format(object? value) => value switch
    {
        _ when Call<byte[]>(value, "ToPng") is { } png => MimeBundle.Empty.With("image/png", Convert.ToBase64String(png)).With("text/plain", Text(value)),
        _ when Call<string>(value, "ToHtml") is { } html => MimeBundle.Empty.With("text/html", html).With("text/plain", Text(value)),
        IEnumerable items when value is not string && !OverridesToString(value) && Rows(items) is { } rows => Table(rows),
        _ => MimeBundle.Empty.With("text/plain", Text(value)),
    };

    /// <summary>The text/plain form: strings as they are, sequences as [a, b, c], numbers in the invariant culture.</summary>
    public static string Text(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items when !OverridesToString(value) => "[" + string.Join(", ", items.Cast<object?>().Take(MaxItems + 1).Select((x, i) => i < MaxItems ? Text(x) : "...")) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>A collection with its own ToString (a parameter tree, say) is shown by it rather than item by item.</summary>
    private static bool OverridesToString(object value) =>
        value.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object)
        && declaring.GetCustomAttribute<CompilerGeneratedAttribute>() is null;

    private static T? Call<T>(object? value, string method) where T : class =>
        value?.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { } m && m.ReturnType == typeof(T)
            ? (T?)m.Invoke(value, null)
            : null;

    /// <summary>A sequence shows as a table when its items are all records or anonymous objects of one type.</summary>
    private static (PropertyInfo[] Columns, object[] Items)? Rows(IEnumerable items)
    {
        var list = items.Cast<object?>().ToArray();
        if (list.Length == 0 || list.Any(x => x is null)) return null;
        var type = list[0]!.GetType();
        return list.All(x => x!.GetType() == type) && IsRecordLike(type)
            ? (type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray(), list.Select(x => x!).ToArray())
            : null;
    }

    private static bool IsRecordLike(Type type) =>
        type.GetCustomAttribute<CompilerGeneratedAttribute>() is not null && type.Name.Contains("AnonymousType", StringComparison.Ordinal)
        || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(StringBuilder)]) is not null;

    private static MimeBundle Table((PropertyInfo[] Columns, object[] Items) rows)
    {
        var cells = rows.Items.Take(MaxItems).Select(item => rows.Columns.Select(c => Text(c.GetValue(item))).ToArray()).ToArray();
        var names = rows.Columns.Select(c => c.Name).ToArray();
        var more = rows.Items.Length > MaxItems ? $"({rows.Items.Length - MaxItems} more rows)" : null;
        return MimeBundle.Empty.With("text/html", Html(names, cells, more)).With("text/plain", PlainTable(names, cells, more));
    }

    private static string Html(string[] names, string[][] cells, string? more)
    {
        var sb = new StringBuilder("<table>\n<thead><tr>");
        foreach (var name in names) sb.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in cells)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            sb.Append("</tr>\n");
        }
        if (more is not null) sb.Append("<tr><td colspan=\"").Append(names.Length).Append("\">").Append(more).Append("</td></tr>\n");
        return sb.Append("</tbody>\n</table>").ToString();
    }

    private static string PlainTable(string[] names, string[][] cells, string? more)
    {
        var widths = names.Select((n, j) => cells.Select(r => r[j].Length).Append(n.Length).Max()).ToArray();
        string Line(string[] row) => string.Join("  ", row.Select((c, j) => c.PadLeft(widths[j]))).TrimEnd();
        var lines = cells.Select(Line).Prepend(string.Join("  ", widths.Select(w => new string('-', w)))).Prepend(Line(names));
        return string.Join("\n", more is null ? lines : lines.Append(more));
    }
}
