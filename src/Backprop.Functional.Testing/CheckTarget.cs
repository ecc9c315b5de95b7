using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// What every check sees, whatever was asked (a rule, a two-input rule, a layer with parameters):
/// named inputs (parameters are inputs too, named by path), the forward map from all inputs to the
/// output, the pullback from (inputs, cotangent) to one cotangent per input, and the pushforward from (inputs, one
/// tangent per input) to the output's tangent when the rule gives one. Values are seen in double;
/// <c>Epsilon</c> is the machine epsilon of the type the rule computes in (a float rule's is 2⁻²³).
/// </summary>
internal sealed record CheckTarget(
    string Name,
    IReadOnlyList<(string Path, Tensor<double> At)> Inputs,
    Func<IReadOnlyList<Tensor<double>>, Tensor<double>> Forward,
    Func<IReadOnlyList<Tensor<double>>, Tensor<double>, IReadOnlyList<Tensor<double>>> Pullback,
    double Epsilon = LineSamples.MachineEpsilon,
    Func<IReadOnlyList<Tensor<double>>, IReadOnlyList<Tensor<double>>, Tensor<double>>? Pushforward = null,
    string WhyNoPushforward = "not given (a pullback-only rule)")
{
    public IReadOnlyList<Tensor<double>> Points => [.. Inputs.Select(i => i.At)];

    public int Size => Inputs.Sum(i => i.At.Size);

    public string Describe() => string.Join(", ", Inputs.Select(i => $"{i.Path} {i.At.Shape}"));
}
