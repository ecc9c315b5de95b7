using System.Numerics;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Training;
using ScottPlot;

namespace Backprop.Functional.Plots;

public static partial class Charts
{
    /// <summary>
    /// Loss per epoch (left axis) for training and validation, and accuracy (right axis, 0–1) when given.
    /// Arrays may be empty or shorter than the others (no validation set, say); NaN entries are left out.
    /// </summary>
    public static Chart LossCurves(double[] trainLoss, double[] validationLoss, double[]? trainAccuracy = null, double[]? validationAccuracy = null,
        string title = "Loss and accuracy")
    {
        var loss = new[] { Series.Of("train loss", trainLoss), Series.Of("validation loss", validationLoss) };
        var accuracy = new[] { Series.Of("train accuracy", trainAccuracy ?? []), Series.Of("validation accuracy", validationAccuracy ?? []) };
        var hasAccuracy = accuracy.Any(s => s.Y.Any(double.IsFinite));
        return new(() =>
        {
            var plot = Style.New(title, "epoch", "loss");
            foreach (var (s, i) in loss.Select((s, i) => (s, i))) AddLine(plot, s, Style.Palette(i), plot.Axes.Left);
            if (hasAccuracy)
            {
                plot.Axes.Right.Label.Text = "accuracy";
                plot.Axes.Right.Label.FontSize = 13;
                foreach (var (s, i) in accuracy.Select((s, i) => (s, i))) AddLine(plot, s, Style.Palette(i + 2), plot.Axes.Right);
            }
            Style.IntegerTicks(plot.Axes.Bottom);
            Style.CompactTicks(plot.Axes.Left, loss.SelectMany(s => s.Y));
            Style.Legend(plot, 4);
            return plot;
        });
    }

    /// <summary>Loss curves from the epochs' summaries.</summary>
    public static Chart LossCurves(IEnumerable<EpochMetrics> epochs)
    {
        var e = epochs.ToArray();
        return LossCurves([.. e.Select(m => m.TrainLoss)], [.. e.Select(m => m.ValidationLoss)],
            [.. e.Select(m => m.TrainAccuracy)], [.. e.Select(m => m.ValidationAccuracy)]);
    }

    /// <summary>Loss curves from a training run (the states of <c>Train.Steps</c>): one point per finished epoch.</summary>
    public static Chart LossCurves<T>(IEnumerable<TrainState<T>> states)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LossCurves(states.Select(s => s.EpochEnd).OfType<EpochMetrics>());

    /// <summary>
    /// ‖∂L/∂θ‖ of each layer over the steps, on a log scale: a layer whose line sinks by orders of magnitude
    /// has vanishing gradients, one that climbs is exploding. Steps where a layer has no (or a zero) norm are left out.
    /// </summary>
    public static Chart GradientNorms(IReadOnlyList<IReadOnlyDictionary<string, double>> perStep)
    {
        var layers = perStep.SelectMany(d => d.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var series = layers.Select(layer => new Series(layer.Length == 0 ? "(top level)" : layer,
            [.. Enumerable.Range(1, perStep.Count).Select(i => (double)i)],
            [.. perStep.Select(d => d.TryGetValue(layer, out var v) ? v : double.NaN)])).ToArray();
        return LogLine("Gradient norm per layer", "step", "‖∂L/∂θ‖ (log scale)", series);
    }

    /// <summary>Per-layer gradient norms from a training run (the states of <c>Train.Steps</c>).</summary>
    public static Chart GradientNorms<T>(IEnumerable<TrainState<T>> states)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        GradientNorms([.. states.Select(s => (IReadOnlyDictionary<string, double>)s.Metrics.GradNorms)]);

    /// <summary>
    /// Final loss against learning rate (log x axis; log y when the losses span more than two orders of magnitude).
    /// Runs that diverged (a non-finite loss) are marked with a red × along the top.
    /// </summary>
    public static Chart LearningRateSweep(double[] learningRates, double[] finalLosses)
    {
        if (learningRates.Length != finalLosses.Length) throw new ArgumentException($"need one loss per learning rate, got {learningRates.Length} and {finalLosses.Length}");
        var order = Enumerable.Range(0, learningRates.Length).Where(i => learningRates[i] > 0).OrderBy(i => learningRates[i]).ToArray();
        var x = order.Select(i => Math.Log10(learningRates[i])).ToArray();
        var y = order.Select(i => finalLosses[i]).ToArray();
        var finite = y.Where(double.IsFinite).ToArray();
        var logY = finite.Length > 1 && finite.Min() > 0 && finite.Max() / finite.Min() > 100;
        var shown = logY ? Style.Log10(y) : y;
        var (fx, fy) = Style.Finite(x, shown);
        var diverged = x.Where((_, i) => !double.IsFinite(shown[i])).ToArray();
        return new(() =>
        {
            var plot = Style.New("Learning-rate sweep", "learning rate (log scale)", logY ? "final loss (log scale)" : "final loss");
            var line = plot.Add.Scatter(fx, fy, Style.Palette(0));
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = "final loss";
            if (diverged.Length > 0)
            {
                var top = fy.Length == 0 ? 1 : fy.Max() + 0.08 * Math.Max(fy.Max() - fy.Min(), 1e-9);
                foreach (var (d, i) in diverged.Select((d, i) => (d, i)))
                {
                    var mark = plot.Add.Marker(d, top, MarkerShape.Eks, 14, Colors.Red);
                    mark.MarkerLineWidth = 2.5f;
                    mark.LegendText = i == 0 ? "diverged" : "";
                }
            }
            if (fx.Length > 0)
            {
                var best = Array.IndexOf(fy, fy.Min());
                plot.Add.Marker(fx[best], fy[best], MarkerShape.OpenCircle, 16, Colors.Black).LegendText = "lowest";
            }
            Style.LogTicks(plot.Axes.Bottom, plot.Grid, vertical: false);
            if (logY) Style.LogTicks(plot.Axes.Left, plot.Grid, vertical: true);
            Style.Legend(plot, 2 + (diverged.Length > 0 ? 1 : 0));
            return plot;
        });
    }

    private static void AddLine(Plot plot, Series s, Color color, IYAxis axis)
    {
        var (x, y) = Style.Finite(s.X, s.Y);
        if (x.Length == 0) return;
        var line = plot.Add.Scatter(x, y, color);
        line.Axes.YAxis = axis;
        line.LegendText = s.Name;
        line.LineWidth = 2;
        line.MarkerSize = x.Length > 30 ? 0 : 5;
    }
}
