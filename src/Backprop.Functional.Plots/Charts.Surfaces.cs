using ScottPlot;

namespace Backprop.Functional.Plots;

public static partial class Charts
{
    /// <summary>
    /// The regions a 2-D classifier assigns to each class (pale), with the data points (one colour per label) on top.
    /// <paramref name="points"/> is [n, 2]; the region is the points' bounding box plus a margin, sampled on a
    /// <paramref name="resolution"/>² grid.
    /// </summary>
    public static Chart DecisionBoundary(Func<double, double, int> classify, double[,] points, int[] labels,
        string title = "Decision boundary", int resolution = 200)
    {
        if (points.GetLength(1) != 2 || points.GetLength(0) != labels.Length)
            throw new ArgumentException($"need points [n, 2] and n labels, got [{points.GetLength(0)}, {points.GetLength(1)}] and {labels.Length}");
        var xs = Enumerable.Range(0, labels.Length).Select(i => points[i, 0]).ToArray();
        var ys = Enumerable.Range(0, labels.Length).Select(i => points[i, 1]).ToArray();
        var (x0, x1) = Padded(xs);
        var (y0, y1) = Padded(ys);
        var grid = Sample(resolution, x0, x1, y0, y1, (x, y) => classify(x, y));
        var classes = Math.Max(labels.DefaultIfEmpty(0).Max(), (int)grid.Cast<double>().Max()) + 1;
        return new(() =>
        {
            var plot = Style.New(title, "x₁", "x₂");
            var map = plot.Add.Heatmap(grid);
            map.Colormap = new CategoryColormap([.. Enumerable.Range(0, classes).Select(c => Style.Palette(c).Lighten(0.65))]);
            map.ManualRange = new ScottPlot.Range(-0.5, classes - 0.5);
            map.Extent = new CoordinateRect(x0, x1, y0, y1);
            for (var c = 0; c < classes; c++)
            {
                var mine = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
                if (mine.Length == 0) continue;
                var dots = plot.Add.Markers(mine.Select(i => xs[i]).ToArray(), mine.Select(i => ys[i]).ToArray(), MarkerShape.FilledCircle, 7, Style.Palette(c));
                dots.MarkerStyle.LineColor = Colors.White;
                dots.MarkerStyle.LineWidth = 1;
                dots.LegendText = $"class {c}";
            }
            plot.Axes.SetLimits(x0, x1, y0, y1);
            Style.Legend(plot, classes);
            return plot;
        });
    }

    /// <summary>
    /// Optimiser paths over a 2-D loss surface: a heat map of log(1 + loss − min) with contour lines, each path
    /// drawn with its steps, a circle at its start and a square at its end. The region is the paths' bounding box
    /// plus a margin unless <paramref name="xRange"/> / <paramref name="yRange"/> say otherwise.
    /// </summary>
    public static Chart Trajectories(Func<double, double, double> loss, (string Name, double[] X, double[] Y)[] paths,
        string title = "Optimiser paths", (double Min, double Max)? xRange = null, (double Min, double Max)? yRange = null, int resolution = 150)
    {
        var finitePaths = paths.Select(p => (p.Name, Points: Style.Finite(p.X, p.Y))).ToArray();
        var (x0, x1) = xRange ?? Padded([.. finitePaths.SelectMany(p => p.Points.X)]);
        var (y0, y1) = yRange ?? Padded([.. finitePaths.SelectMany(p => p.Points.Y)]);
        var raw = Sample(resolution, x0, x1, y0, y1, loss);
        var min = raw.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(0).Min();
        var surface = Sample(resolution, x0, x1, y0, y1, (x, y) => Math.Log(1 + Math.Max(0, loss(x, y) - min)));
        var contours = new Coordinates3d[resolution, resolution];
        for (var r = 0; r < resolution; r++)
            for (var c = 0; c < resolution; c++)
                contours[r, c] = new(Lerp(x0, x1, c, resolution), Lerp(y0, y1, r, resolution), surface[resolution - 1 - r, c]);
        return new(() =>
        {
            var plot = Style.New(title, "θ₁", "θ₂");
            var map = plot.Add.Heatmap(surface);
            map.Colormap = new ScottPlot.Colormaps.Viridis();
            map.Extent = new CoordinateRect(x0, x1, y0, y1);
            map.Opacity = 0.85;
            var lines = plot.Add.ContourLines(contours, 12);
            lines.LineColor = Colors.White.WithAlpha(0.5);
            lines.LineWidth = 1;
            lines.LabelStyle.IsVisible = false;
            foreach (var (p, i) in finitePaths.Select((p, i) => (p, i)))
            {
                var color = PathColors[i % PathColors.Length];
                var path = plot.Add.Scatter(p.Points.X, p.Points.Y, color);
                path.LineWidth = 2;
                path.MarkerSize = p.Points.X.Length > 60 ? 0 : 4;
                path.LegendText = p.Name;
                if (p.Points.X.Length == 0) continue;
                plot.Add.Marker(p.Points.X[0], p.Points.Y[0], MarkerShape.FilledCircle, 10, color);
                plot.Add.Marker(p.Points.X[^1], p.Points.Y[^1], MarkerShape.FilledSquare, 10, color);
            }
            plot.Axes.SetLimits(x0, x1, y0, y1);
            Style.Legend(plot, finitePaths.Length);
            return plot;
        });
    }

    /// <summary>Colours that stand out on viridis.</summary>
    private static readonly Color[] PathColors = [Colors.Red, Colors.Orange, Colors.Magenta, Colors.Cyan, Colors.Black, Colors.White];

    /// <summary>f sampled on a grid over the rectangle; row 0 is the top (largest y), as heat maps draw it.</summary>
    private static double[,] Sample(int resolution, double x0, double x1, double y0, double y1, Func<double, double, double> f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        var grid = new double[resolution, resolution];
        for (var r = 0; r < resolution; r++)
            for (var c = 0; c < resolution; c++)
                grid[r, c] = f(Lerp(x0, x1, c, resolution), Lerp(y1, y0, r, resolution));
        return grid;
    }

    /// <summary>The centre of cell i of n across [a, b].</summary>
    private static double Lerp(double a, double b, int i, int n) => a + (b - a) * (i + 0.5) / n;

    private static (double Min, double Max) Padded(double[] values)
    {
        if (values.Length == 0) return (-1, 1);
        var (lo, hi) = (values.Min(), values.Max());
        var pad = Math.Max((hi - lo) * 0.1, 1e-3);
        return (lo - pad, hi + pad);
    }
}
