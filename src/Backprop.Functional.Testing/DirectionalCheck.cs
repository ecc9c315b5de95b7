using System.Globalization;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// Check 2, the adjoint test for large shapes: for random directions v,
/// d/dt ⟨w, f(x + t·v)⟩ at 0 (two evaluations per difference, not one per element) must equal
/// ⟨pullback(w), v⟩ summed over all inputs. A direction that runs into a kink is replaced by a fresh,
/// shorter and sparser one (half the elements, then a quarter...); after <see cref="GradCheckOptions.KinkRetries"/> tries it is skipped and counted.
/// </summary>
internal static class DirectionalCheck
{
    public static CheckResult Run(CheckTarget target, Probe probe, IReadOnlyList<Tensor<double>> grads, Key key, GradCheckOptions o, Tolerances t)
    {
        var points = target.Points;
        var g0 = probe.At(points);
        var h0 = t.Step * Math.Max(1.0, points.Max(p => Math.Abs(p.MaxAbs())));
        int count = 0, skipped = 0;
        double worstRatio = -1, worstRel = 0;
        var detail = "";
        for (var p = 0; p < o.Projections; p++)
        {
            var found = false;
            for (var attempt = 0; attempt <= o.KinkRetries && !found; attempt++)
            {
                var v = Direction(points, key.FoldIn(p).FoldIn(attempt), Math.Pow(0.5, attempt));
                if (v.All(t => t.MaxAbs() == 0)) continue;                 // the mask left nothing
                var samples = LineSamples.Take(probe.Along(v), g0, h0 / Math.Pow(4, attempt));
                if (samples.IsKink(probe.Noise)) continue;
                found = true;
                count++;
                double byDifferences = samples.Derivative, byPullback = grads.Select((g, i) => g.Dot(v[i])).Sum();
                double scale = Math.Max(Math.Abs(byDifferences), Math.Abs(byPullback)), error = Math.Abs(byDifferences - byPullback);
                var ratio = error / (t.Absolute + samples.DerivativeNoise(probe.Noise) + t.Relative * scale);
                if (!(ratio <= worstRatio))
                {
                    (worstRatio, worstRel) = (ratio, error / Math.Max(scale, 1e-300));
                    detail = string.Create(CultureInfo.InvariantCulture,
                        $"direction {p + 1}: finite difference ⟨w, J·v⟩ = {byDifferences:G10}, pullback ⟨Jᵀ·w, v⟩ = {byPullback:G10}, relative error {worstRel:E2}");
                }
            }
            if (!found) skipped++;
        }
        return new("directional", worstRatio <= 1 || count == 0, worstRel, null, count, skipped,
            count == 0 ? "every direction ran into a kink" : $"{count} {(count == 1 ? "direction" : "directions")}, worst {detail}");
    }

    /// <summary>
    /// A standard normal direction over every input, with each element kept with probability
    /// <paramref name="density"/>: after a kink, sparser directions are likely to miss the kinked element.
    /// </summary>
    public static IReadOnlyList<Tensor<double>> Direction(IReadOnlyList<Tensor<double>> points, Key key, double density = 1.0) =>
        [.. points.Select((x, i) => Masked(key.FoldIn(i), x.Shape, density))];

    private static Tensor<double> Masked(Key key, Shape shape, double density)
    {
        var (values, mask) = key.Split();
        var v = values.Normal<double>(shape).ToArray();
        for (var j = 0; j < v.Length; j++) if (density < 1 && mask.UniformAt(j) >= density) v[j] = 0;
        return Tensor<double>.FromSpan(shape, v);
    }
}
