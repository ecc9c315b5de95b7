using System.Globalization;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// The forward-mode checks, for a target that gives a pushforward. "adjoint": for random v, ⟨J·v, w⟩ from the
/// pushforward must equal ⟨v, Jᵀ·w⟩ from the pullback to round-off (no finite differences, so a wrong pushforward or
/// pullback shows at 1e-12 in double; where the maps cancel heavily inside, as standardising a row of two does, the
/// bound also admits the round-off measured by applying each map to v + u and u). "pushforward": ⟨w, J·v⟩ against the finite difference of ⟨w, f⟩ along v,
/// with the directional check's kink handling. A pullback-only target gets one line saying neither could run.
/// </summary>
internal static class PushforwardCheck
{
    /// <summary>The adjoint test's bound, relative to ‖J·v‖‖w‖ + Σ‖Jᵀw‖‖v‖: 4096 ulps (9·10⁻¹³ in double).</summary>
    public const double AdjointUlps = 4096;

    /// <summary>Round-off estimates taken per direction; the largest counts, since one sample can land on little cancellation.</summary>
    private const int NoiseSamples = 3;

    /// <summary>The round-off of each map, measured by applying it to v + u and u for a random u and a random ω.</summary>
    private static double Noise(CheckTarget target, IReadOnlyList<Tensor<double>> points, IReadOnlyList<Tensor<double>> v, Tensor<double> w,
        Key key, double forward, double reverse)
    {
        var push = target.Pushforward!;
        var shift = DirectionalCheck.Direction(points, key);
        var omega = key.FoldIn(-2).Normal<double>(w.Shape);
        var (shifted, alone) = (target.Pullback(points, w + omega), target.Pullback(points, omega));
        return Math.Abs(forward - (push(points, [.. v.Select((x, i) => x + shift[i])]) - push(points, shift)).Dot(w))
            + Math.Abs(reverse - v.Select((x, i) => (shifted[i] - alone[i]).Dot(x)).Sum());
    }

    public static IReadOnlyList<CheckResult> Run(CheckTarget target, Probe probe, Tensor<double> w, IReadOnlyList<Tensor<double>> grads,
        Key key, GradCheckOptions o, Tolerances t)
    {
        if (target.Pushforward is not { } push)
            return [new("pushforward", true, 0, null, 0, 0, $"{target.WhyNoPushforward}: the adjoint and pushforward checks could not run")];
        var points = target.Points;
        var bound = AdjointUlps * target.Epsilon;
        double worstAdjoint = 0, worstRatio = -1, worstRel = 0;
        string adjointDetail = "", detail = "";
        int count = 0, skipped = 0;
        var g0 = probe.At(points);
        var h0 = t.Step * Math.Max(1.0, points.Max(p => Math.Abs(p.MaxAbs())));
        for (var p = 0; p < o.Projections; p++)
        {
            var v = DirectionalCheck.Direction(points, key.FoldIn(p));
            var jv = push(points, v);
            if (jv.Shape != w.Shape)
                return [new("adjoint", false, double.PositiveInfinity, null, p, 0, $"the pushforward gave shape {jv.Shape}, the output has {w.Shape}")];
            double forward = jv.Dot(w), reverse = grads.Select((g, i) => g.Dot(v[i])).Sum();
            var scale = Norm(jv) * Norm(w) + grads.Select((g, i) => Norm(g) * Norm(v[i])).Sum();
            var noise = Enumerable.Range(0, NoiseSamples).Max(n => Noise(target, points, v, w, key.FoldIn(p).FoldIn(-1 - n), forward, reverse));
            var rel = Math.Max(0, Math.Abs(forward - reverse) - 4 * noise) / Math.Max(scale, 1e-300);
            if (rel >= worstAdjoint)
                (worstAdjoint, adjointDetail) = (rel, string.Create(CultureInfo.InvariantCulture,
                    $"direction {p + 1}: pushforward ⟨J·v, w⟩ = {forward:G17}, pullback ⟨v, Jᵀ·w⟩ = {reverse:G17}, relative error {rel:E2} (bound {bound:E1})"));
            var found = false;
            for (var attempt = 0; attempt <= o.KinkRetries && !found; attempt++)
            {
                var u = attempt == 0 ? v : DirectionalCheck.Direction(points, key.FoldIn(p).FoldIn(attempt), Math.Pow(0.5, attempt));
                if (u.All(x => x.MaxAbs() == 0)) continue;
                var samples = LineSamples.Take(probe.Along(u), g0, h0 / Math.Pow(4, attempt));
                if (samples.IsKink(probe.Noise)) continue;
                found = true;
                count++;
                double byDifferences = samples.Derivative, byPushforward = (attempt == 0 ? jv : push(points, u)).Dot(w);
                double size = Math.Max(Math.Abs(byDifferences), Math.Abs(byPushforward)), error = Math.Abs(byDifferences - byPushforward);
                var ratio = error / (t.Absolute + samples.DerivativeNoise(probe.Noise) + t.Relative * size);
                if (!(ratio <= worstRatio))
                    (worstRatio, worstRel, detail) = (ratio, error / Math.Max(size, 1e-300), string.Create(CultureInfo.InvariantCulture,
                        $"direction {p + 1}: finite difference ⟨w, J·v⟩ = {byDifferences:G10}, pushforward ⟨w, J·v⟩ = {byPushforward:G10}, relative error {error / Math.Max(size, 1e-300):E2}"));
            }
            if (!found) skipped++;
        }
        return
        [
            new("adjoint", worstAdjoint <= bound, worstAdjoint, null, o.Projections, 0, $"{o.Projections} {(o.Projections == 1 ? "direction" : "directions")}, worst {adjointDetail}"),
            new("pushforward", worstRatio <= 1 || count == 0, worstRel, null, count, skipped,
                count == 0 ? "every direction ran into a kink" : $"{count} {(count == 1 ? "direction" : "directions")}, worst {detail}"),
        ];
    }

    private static double Norm(Tensor<double> x) => Math.Sqrt(x.Dot(x));
}
