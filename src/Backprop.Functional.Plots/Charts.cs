using ScottPlot;

namespace Backprop.Functional.Plots;

/// <summary>
/// Charts for training runs, headless, as PNG or SVG: lines, log-scale lines, scatter plots, histograms,
/// bars, loss curves, per-layer gradient norms, learning-rate sweeps, decision boundaries, image grids
/// and optimiser paths. Each returns a <see cref="Chart"/> (a value; render it with ToPng or ToSvg).
/// Non-finite points are left out; on log axes, so are values ≤ 0.
/// </summary>
public static partial class Charts
{
    /// <summary>Lines through each series' points.</summary>
    public static Chart Line(string title, string xLabel, string yLabel, params Series[] series) =>
        Lines(title, xLabel, yLabel, series, logY: false, markers: false);

    /// <summary>As <see cref="Line"/>, with a logarithmic y axis (losses spanning orders of magnitude).</summary>
    public static Chart LogLine(string title, string xLabel, string yLabel, params Series[] series) =>
        Lines(title, xLabel, yLabel, series, logY: true, markers: false);

    /// <summary>Points without lines, one colour per series.</summary>
    public static Chart Scatter(string title, string xLabel, string yLabel, params Series[] series) =>
        Lines(title, xLabel, yLabel, series, logY: false, markers: true);

    private static Chart Lines(string title, string xLabel, string yLabel, Series[] series, bool logY, bool markers)
    {
        var checkedSeries = series.Select(s => (s.Name, Points: Style.Finite(s.X, logY ? Style.Log10(s.Y) : s.Y))).ToArray();
        return new(() =>
        {
            var plot = Style.New(title, xLabel, yLabel);
            foreach (var (s, i) in checkedSeries.Select((s, i) => (s, i)))
            {
                var line = markers ? plot.Add.ScatterPoints(s.Points.X, s.Points.Y, Style.Palette(i)) : plot.Add.ScatterLine(s.Points.X, s.Points.Y, Style.Palette(i));
                line.LegendText = s.Name;
                line.LineWidth = 2;
                line.MarkerSize = markers ? 6 : 0;
            }
            if (logY) Style.LogTicks(plot.Axes.Left, plot.Grid, vertical: true);
            Style.Legend(plot, checkedSeries.Count(s => s.Name.Length > 0));
            return plot;
        });
    }

    /// <summary>A histogram of the finite values in <paramref name="bins"/> equal bins (weights, activations, gradients).</summary>
    public static Chart Histogram(string title, double[] values, int bins = 40)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var finite = values.Where(double.IsFinite).ToArray();
        var (lo, hi) = finite.Length == 0 ? (0.0, 1.0) : (finite.Min(), finite.Max());
        if (hi <= lo) (lo, hi) = (lo - 0.5, hi + 0.5);
        var width = (hi - lo) / bins;
        var counts = new double[bins];
        foreach (var v in finite) counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        return new(() =>
        {
            var plot = Style.New(title, "value", "count");
            var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(i => lo + (i + 0.5) * width), counts);
            foreach (var bar in bars.Bars)
            {
                bar.Size = width;
                bar.FillColor = Style.Palette(0);
                bar.LineWidth = 0;
            }
            plot.Axes.Margins(bottom: 0);
            return plot;
        });
    }

    /// <summary>One labelled bar per value; <paramref name="logY"/> for values spanning orders of magnitude (must then be &gt; 0).</summary>
    public static Chart Bars(string title, string[] labels, double[] values, bool logY = false)
    {
        if (labels.Length != values.Length) throw new ArgumentException($"need one label per value, got {labels.Length} labels and {values.Length} values");
        var heights = logY ? Style.Log10(values) : values;
        var logBase = Math.Floor(heights.Where(double.IsFinite).DefaultIfEmpty(0.5).Min() - 0.5);
        var longest = labels.Select(l => l.Length).DefaultIfEmpty(0).Max();
        return new(() =>
        {
            var plot = Style.New(title, "", "");
            plot.Add.Bars(heights.Select((h, i) => new Bar
            {
                Position = i, Value = double.IsFinite(h) ? h : logY ? logBase : 0, FillColor = Style.Palette(0), LineWidth = 0,
                ValueBase = logY ? logBase : 0,
            }).ToArray());
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, labels.Length).Select(i => (double)i)], labels);
            if (longest * labels.Length > 60)
            {
                plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
                plot.Axes.Bottom.MinimumSize = longest * 6.5f + 12;
            }
            if (logY) Style.LogTicks(plot.Axes.Left, plot.Grid, vertical: true);
            else plot.Axes.Margins(bottom: 0);
            return plot;
        });
    }
}
