using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Backprop.Functional.Display;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Training;

namespace Backprop.Functional.Diagnostics;

/// <summary>
/// Per-layer gradient norms of a training run (<see cref="StepMetrics.GradNorms"/>, recorded by <c>Train.Steps</c> at
/// every step) summed up as one row per layer. <see cref="ToString"/> is a text table, <see cref="ToHtml"/> an HTML one.
/// Non-finite norms (a diverged step) are left out of the statistics.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record GradientNormSummary(ImmutableArray<GradientNormRow> Rows) : IHtmlDisplay
{
    public static GradientNormSummary Of(IEnumerable<IReadOnlyDictionary<string, double>> perStep)
    {
        var steps = perStep.ToArray();
        var layers = steps.SelectMany(d => d.Keys).Distinct().Order(StringComparer.Ordinal);
        return new([.. layers.Select(layer => Row(layer, [.. steps.Select(d => d.TryGetValue(layer, out var v) ? v : double.NaN).Where(double.IsFinite)]))
            .Where(r => r.Steps > 0)]);
    }

    /// <summary>The summary of a training run's states (from <c>Train.Steps</c>).</summary>
    public static GradientNormSummary Of<T>(IEnumerable<TrainState<T>> states)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Of(states.Select(s => (IReadOnlyDictionary<string, double>)s.Metrics.GradNorms));

    private static GradientNormRow Row(string layer, double[] norms)
    {
        var sorted = norms.Order().ToArray();
        var median = sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return norms.Length == 0 ? new(layer, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new(layer, norms.Length, norms[0], norms[^1], sorted[0], sorted[^1], median);
    }

    private static readonly string[] Headers = ["layer", "steps", "first", "last", "min", "max", "median", "last/first"];

    private IEnumerable<string[]> Cells() => Rows.Select(r => new[]
        { r.Layer.Length == 0 ? "(top level)" : r.Layer, r.Steps.ToString(CultureInfo.InvariantCulture), N(r.First), N(r.Last), N(r.Min), N(r.Max), N(r.Median), N(r.Ratio) });

    public override string ToString() => TextTable.Of(Headers, Cells());

    public string ToHtml() => Html.Table(Headers, Cells());

    private static string N(double d) => d.ToString("G3", CultureInfo.InvariantCulture);
}
