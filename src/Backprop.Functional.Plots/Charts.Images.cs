using ScottPlot;

namespace Backprop.Functional.Plots;

public static partial class Charts
{
    /// <summary>
    /// Grey-scale images (row-major, <paramref name="width"/>×<paramref name="height"/> each) in a grid of
    /// <paramref name="columns"/> columns, each with its caption underneath ("7 → 1", say, for a misclassified digit).
    /// Ink is dark: the largest pixel value over all images is black, the smallest white.
    /// </summary>
    public static Chart ImageGrid(float[][] images, int width, int height, string[] captions, int columns, string title = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (images.Any(i => i.Length != width * height)) throw new ArgumentException($"every image needs {width}×{height} = {width * height} pixels");
        if (captions.Length != 0 && captions.Length != images.Length) throw new ArgumentException($"need one caption per image (or none), got {captions.Length} for {images.Length}");
        var pixels = images.SelectMany(i => i).Where(float.IsFinite).DefaultIfEmpty(0).ToArray();
        var range = new ScottPlot.Range(pixels.Min(), Math.Max(pixels.Max(), pixels.Min() + 1e-6));
        var rows = (images.Length + columns - 1) / columns;
        var gap = 0.15 * width;
        var captionSpace = captions.Length == 0 ? 0 : 0.35 * height;
        var cellW = width + gap;
        var cellH = height + captionSpace + gap;
        return new(() =>
        {
            var plot = Style.New(title, "", "");
            for (var n = 0; n < images.Length; n++)
            {
                var (left, top) = (n % columns * cellW, -(n / columns) * cellH);
                var map = plot.Add.Heatmap(ToGrid(images[n], width, height));
                map.Colormap = new ScottPlot.Colormaps.GrayscaleReversed();
                map.ManualRange = range;
                map.Extent = new CoordinateRect(left, left + width, top - height, top);
                if (captions.Length == 0) continue;
                var text = plot.Add.Text(captions[n], left + width / 2.0, top - height - captionSpace * 0.15);
                text.Alignment = Alignment.UpperCenter;
                text.LabelFontSize = 12;
                text.LabelFontName = Style.Font;
            }
            plot.HideAxesAndGrid();
            plot.Axes.Title.IsVisible = title.Length > 0;
            plot.Axes.SetLimits(-gap, columns * cellW, -rows * cellH + gap, gap);
            plot.Axes.SquareUnits();
            return plot;
        }, 640, Math.Clamp((int)Math.Round(600 * (rows * cellH + gap) / (columns * cellW + gap)) + (title.Length > 0 ? 50 : 16), 80, 4000));
    }

    private static double[,] ToGrid(float[] image, int width, int height)
    {
        var grid = new double[height, width];
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
                grid[r, c] = image[r * width + c];
        return grid;
    }
}
