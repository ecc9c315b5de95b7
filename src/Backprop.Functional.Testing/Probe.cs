using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// The target reduced to a scalar with a cotangent w: φ(x) = ⟨w, f(x)⟩, so the pullback of w must be
/// ∇φ. Gives φ along lines through the base point, and the round-off level of φ there.
/// </summary>
internal sealed class Probe
{
    private readonly CheckTarget target;
    private readonly Tensor<double> w;
    private readonly IReadOnlyList<Tensor<double>> points;

    public Probe(CheckTarget target, Tensor<double> w)
    {
        (this.target, this.w, points) = (target, w, target.Points);
        var terms = (w * target.Forward(points)).Abs().Sum();
        Noise = target.Epsilon == LineSamples.MachineEpsilon ? 64 * target.Epsilon * terms
            : Math.Max(4 * target.Epsilon * terms, 4 * MeasuredNoise());
    }

    /// <summary>
    /// Round-off of φ. In double, a few ulps of Σ|wᵢ·yᵢ| (the sum whose cancellation makes φ). In a narrower type the
    /// forward's own rounding dominates and depends on the rule, so it is also measured: second differences of φ at a
    /// step of 256 ulps, where the true curvature term is ~10⁻¹⁰ of φ's scale, are round-off only.
    /// </summary>
    public double Noise { get; }

    private double MeasuredNoise()
    {
        var s = 256 * target.Epsilon * Math.Max(1.0, points.Max(p => p.MaxAbs()));
        var g0 = At(points);
        return Enumerable.Range(0, 4).Select(k =>
        {
            var line = Along(DirectionalCheck.Direction(points, Key.Create(0x5EED + k)));
            return Math.Abs(line(s) - 2 * g0 + line(-s));
        }).Max();
    }

    public double At(IReadOnlyList<Tensor<double>> xs) => target.Forward(xs).Dot(w);

    /// <summary>t ↦ φ(x + t·d) for a direction d over all inputs.</summary>
    public Func<double, double> Along(IReadOnlyList<Tensor<double>> direction) =>
        t => At([.. points.Select((x, i) => x.AddScaled(direction[i], t))]);

    /// <summary>t ↦ φ(x + t·e) for the unit vector e of one element of one input.</summary>
    public Func<double, double> Along(int input, int element) => t =>
    {
        var values = points[input].ToArray();
        values[element] += t;
        return At([.. points.Select((x, i) => i == input ? Tensor<double>.FromSpan(x.Shape, values) : x)]);
    };
}
