using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// The target reduced to a scalar with a cotangent w: φ(x) = ⟨w, f(x)⟩, so the pullback of w must be
/// ∇φ. Gives φ along lines through the base point, and the round-off level of φ there.
/// </summary>
internal sealed class Probe(CheckTarget target, Tensor<double> w)
{
    private readonly IReadOnlyList<Tensor<double>> points = target.Points;

    /// <summary>Round-off of φ: a few ulps of Σ|wᵢ·yᵢ| (the sum whose cancellation makes φ).</summary>
    public double Noise { get; } = 64 * LineSamples.MachineEpsilon * (w * target.Forward(target.Points)).Map(Math.Abs).Sum();

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
