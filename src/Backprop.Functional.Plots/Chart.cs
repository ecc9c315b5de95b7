using System.Text;
using Backprop.Functional.Display;
using ScottPlot;

namespace Backprop.Functional.Plots;

/// <summary>
/// A chart as a value: a recipe that builds a fresh ScottPlot plot each time it is rendered, so rendering
/// twice gives the same bytes and nothing is shared. 640×400 pixels unless <see cref="WithSize"/> says otherwise.
/// Notebooks show it as a PNG image (<see cref="ToPng"/>), a console as its <see cref="ToString"/>.
/// </summary>
[TypeFormatterSource(typeof(PngFormatterSource), PreferredMimeTypes = [MimeFormatter.Png, MimeFormatter.Text])]
public sealed class Chart : IPngDisplay
{
    private readonly Func<Plot> build;

    internal Chart(Func<Plot> build, int width = 640, int height = 400)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        this.build = build;
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The same chart at another size in pixels.</summary>
    public Chart WithSize(int width, int height) => new(build, width, height);

    public byte[] ToPng()
    {
        using var plot = build();
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public string ToSvg()
    {
        using var plot = build();
        return SvgIds.Normalise(plot.GetSvgXml(Width, Height));
    }

    public override string ToString() => $"Chart {Width}×{Height}";

    /// <summary>Writes the PNG atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    public void SavePng(string path) => AtomicFile.Write(path, ToPng());

    /// <summary>Writes the SVG atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    public void SaveSvg(string path) => AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToSvg()));
}
