namespace Backprop.Functional.Display;

/// <summary>The notebook formatters of an <see cref="IHtmlDisplay"/>: text/html from ToHtml, text/plain from ToString.</summary>
public sealed class HtmlFormatterSource
{
    public IEnumerable<MimeFormatter> CreateTypeFormatters() =>
    [
        new(MimeFormatter.Html, value => ((IHtmlDisplay)value).ToHtml()),
        new(MimeFormatter.Text, value => value.ToString() ?? ""),
    ];
}
