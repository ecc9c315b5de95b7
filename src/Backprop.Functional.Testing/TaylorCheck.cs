using System.Globalization;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// Check 3, the Taylor-remainder test: along a random direction v, r(h) = |φ(x + h·v) − φ(x) − h·⟨∇φ, v⟩|
/// with ∇φ from the pullback must shrink like h² when the gradient is right and only like h when it is
/// wrong. The measured rate, log₂ r(h)/r(h/2) over the smallest steps, is the verdict (≥ 1.5 passes), so
/// it does not hinge on a tolerance. Only steps where φ is smooth along v count (its second differences
/// shrink fourfold per halving); remainders at round-off level mean φ is linear along v ("exact").
/// </summary>
internal static class TaylorCheck
{
    private const int Steps = 14;
    private const double FirstStep = 0.1;
    public const double PassingRate = 1.5;

    /// <summary>
    /// The verdict of the majority of up to three random directions: a wrong gradient shows rate 1 along
    /// almost every direction, while a right one can look wrong along an unlucky direction where the
    /// curvature nearly vanishes and round-off dominates the remainder.
    /// </summary>
    public static CheckResult Run(CheckTarget target, Probe probe, IReadOnlyList<Tensor<double>> grads, Key key, GradCheckOptions o)
    {
        var results = new List<CheckResult>();
        for (var j = 0; j < 3 && results.Count(r => r.Passed) < 2 && results.Count(r => !r.Passed) < 2; j++)
            results.Add(Along(target, probe, grads, j == 0 ? key : key.FoldIn(1000 + j), o));
        var majority = results.Count(r => r.Passed) >= results.Count(r => !r.Passed);
        return results.Last(r => r.Passed == majority);
    }

    private static CheckResult Along(CheckTarget target, Probe probe, IReadOnlyList<Tensor<double>> grads, Key key, GradCheckOptions o)
    {
        var points = target.Points;
        var g0 = probe.At(points);
        var noise = probe.Noise;
        for (var attempt = 0; attempt <= o.KinkRetries; attempt++)
        {
            var v = DirectionalCheck.Direction(points, key.FoldIn(attempt), Math.Pow(0.5, attempt));
            if (v.All(t => t.MaxAbs() == 0)) continue;
            var slope = grads.Select((g, i) => g.Dot(v[i])).Sum();
            var line = probe.Along(v);
            var hs = Enumerable.Range(0, Steps).Select(k => FirstStep * Math.Pow(0.5, k)).ToArray();
            var plus = hs.Select(h => line(h)).ToArray();
            var minus = hs.Select(h => line(-h)).ToArray();
            var second = hs.Select((_, k) => plus[k] - 2 * g0 + minus[k]).ToArray();
            var start = Steps - 1;
            while (start > 0 && Math.Abs(second[start - 1] - 4 * second[start]) <= 0.4 * Math.Abs(second[start - 1]) + 60 * noise) start--;
            if (Steps - start < 4) continue;                              // a kink at every scale we can see: try another direction
            var remainder = hs.Select((h, k) => Math.Abs(plus[k] - g0 - h * slope)).ToArray();
            // Round-off in φ is relative to φ and to the terms it sums, Σ|∂φ/∂xᵢ|·|xᵢ|; φ alone can
            // cancel to ~0 (x + b with b = −x): below that floor a remainder is noise, not a rate.
            var terms = grads.Select((g, i) => Abs(g).Dot(Abs(points[i]))).Sum() + Math.Abs(g0);
            bool Signal(int k) => remainder[k] > 50 * (noise + target.Epsilon * (Math.Abs(hs[k] * slope) + terms));
            var rates = Enumerable.Range(start, Steps - 1 - start)
                .Where(k => Signal(k) && Signal(k + 1))
                .Select(k => Math.Log2(remainder[k] / remainder[k + 1]))
                .TakeLast(2).ToArray();
            var relative = remainder[^1] / Math.Max(Math.Abs(plus[^1] - g0), 1e-300);
            if (rates.Length == 0)
                return new("taylor", true, relative, double.PositiveInfinity, Steps - start, attempt,
                    "remainder at round-off: φ is linear along the direction (exact)");
            var rate = rates.Average();
            // Where the curvature along v nearly vanishes, the remainder passes from a cubic to a quadratic regime
            // and the last rates can dip below 2 for a right gradient. What a right gradient never does is let
            // r(h)/h² grow as h shrinks; a wrong one makes it grow like 1/h. So that decides when the rate is low.
            var signal = Enumerable.Range(start, Steps - start).Where(Signal).ToArray();
            double Curvature(int k) => remainder[k] / (hs[k] * hs[k]);
            var bounded = signal.Length >= 2 && Curvature(signal[^1]) <= 2 * Curvature(signal[0]);
            var passed = rate >= PassingRate || bounded;
            return new("taylor", passed, relative, rate, Steps - start, attempt, string.Create(CultureInfo.InvariantCulture,
                $"remainder shrinks at rate {rate:F2} (2 for a right gradient, 1 for a wrong one), r({hs[^1]:G3}) = {remainder[^1]:E2}"));
        }
        return new("taylor", true, 0, null, 0, o.KinkRetries + 1, "every direction ran into a kink");
    }

    private static Tensor<double> Abs(Tensor<double> t) => t.Map(Math.Abs);
}
