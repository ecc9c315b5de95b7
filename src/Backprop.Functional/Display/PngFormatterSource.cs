namespace Backprop.Functional.Display;

/// <summary>The notebook formatters of an <see cref="IPngDisplay"/>: image/png (base64, as Jupyter carries it) and text/plain.</summary>
public sealed class PngFormatterSource
{
    public IEnumerable<MimeFormatter> CreateTypeFormatters() =>
    [
        new(MimeFormatter.Png, value => Convert.ToBase64String(((IPngDisplay)value).ToPng())),
        new(MimeFormatter.Text, value => value.ToString() ?? ""),
    ];
}
