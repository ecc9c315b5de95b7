using System.Globalization;
using ScottPlot;
using ScottPlot.Grids;
using ScottPlot.TickGenerators;

namespace Backprop.Functional.Plots;

/// <summary>The look every chart shares, and the helpers for log axes and missing values.</summary>
internal static class Style
{
    public const string Font = "DejaVu Sans";

    /// <summary>A plot with the shared font, a title and axis labels.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        plot.Axes.Title.Label.Bold = true;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        return plot;
    }

    /// <summary>Ticks at powers of ten for an axis whose data are log10 values, with log-spaced minor grid lines.</summary>
    public static void LogTicks(IAxis axis, DefaultGrid grid, bool vertical)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = PowerOfTen,
        };
        var style = vertical ? grid.YAxisStyle : grid.XAxisStyle;
        style.MinorLineStyle.Width = 1;
        style.MinorLineStyle.Color = Colors.Black.WithAlpha(0.04);
    }

    /// <summary>10^e as a plain number where that is short (0.001 … 1000), else as 1e-7.</summary>
    public static string PowerOfTen(double exponent)
    {
        var e = (int)Math.Round(exponent);
        return e is >= -3 and <= 3
            ? Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture)
            : "1e" + e.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Tick labels of at most 3 significant digits in scientific form ("1.18E+30"), for an axis whose values reach 10^5.</summary>
    public static void CompactTicks(IAxis axis, IEnumerable<double> values)
    {
        if (values.Any(v => double.IsFinite(v) && Math.Abs(v) >= 1e5)) axis.TickGenerator = new NumericAutomatic { LabelFormatter = Compact };
    }

    /// <summary>A tick label: plain for magnitudes below 10^5, else 3 significant digits with an exponent.</summary>
    public static string Compact(double v) =>
        Math.Abs(v) < 1e5 ? v.ToString("G5", CultureInfo.InvariantCulture) : v.ToString("0.##E+0", CultureInfo.InvariantCulture);

    /// <summary>Ticks only at whole numbers (epochs, steps).</summary>
    public static void IntegerTicks(IAxis axis) => axis.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>log10 of each value; NaN for values that have no logarithm (≤ 0, NaN, ∞).</summary>
    public static double[] Log10(double[] values) => [.. values.Select(v => v > 0 && double.IsFinite(v) ? Math.Log10(v) : double.NaN)];

    /// <summary>The points whose coordinates are both finite (ScottPlot scales axes over every point it is given).</summary>
    public static (double[] X, double[] Y) Finite(double[] x, double[] y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"a series needs as many x values as y values, got {x.Length} and {y.Length}");
        var keep = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        return ([.. keep.Select(i => x[i])], [.. keep.Select(i => y[i])]);
    }

    /// <summary>Shows the legend, in a row below the plot where it hides no data, when there is more than one named thing to tell apart.</summary>
    public static void Legend(Plot plot, int named)
    {
        if (named < 2) return;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowOffset = new(0, 0);
    }

    public static Color Palette(int i) => new ScottPlot.Palettes.Category10().GetColor(i);
}
