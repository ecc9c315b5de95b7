using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// What every check sees, whatever was asked (a rule, a two-input rule, a layer with parameters):
/// named inputs (parameters are inputs too, named by path), the forward map from all inputs to the
/// output, and the pullback from (inputs, cotangent) to one cotangent per input.
/// </summary>
internal sealed record CheckTarget(
    string Name,
    IReadOnlyList<(string Path, Tensor<double> At)> Inputs,
    Func<IReadOnlyList<Tensor<double>>, Tensor<double>> Forward,
    Func<IReadOnlyList<Tensor<double>>, Tensor<double>, IReadOnlyList<Tensor<double>>> Pullback)
{
    public IReadOnlyList<Tensor<double>> Points => [.. Inputs.Select(i => i.At)];

    public int Size => Inputs.Sum(i => i.At.Size);

    public string Describe() => string.Join(", ", Inputs.Select(i => $"{i.Path} {i.At.Shape}"));
}
