using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;

namespace Backprop.Functional.Testing;

/// <summary>
/// A generated multilayer perceptron: dense layers of the given widths, each followed by an
/// activation ("relu", "tanh", "sigmoid" or "none"). A value, so FsCheck can show and shrink it.
/// </summary>
public sealed record LayerSpec(int[] Widths, string[] ActivationNames)
{
    public static readonly string[] Activations = ["relu", "tanh", "sigmoid", "none"];

    public Layer<double> Build() => LayerExtensions.Sequential(
        [.. Widths.Zip(ActivationNames, (width, activation) => Dense.Create<double>(width).Then(Activation(activation)))]);

    public override string ToString() => string.Join(" → ", Widths.Zip(ActivationNames, (w, a) => $"dense({w}){(a == "none" ? "" : "·" + a)}"));

    internal IEnumerable<LayerSpec> Shrink()
    {
        for (var i = 0; i < Widths.Length && Widths.Length > 1; i++)
            yield return new([.. Widths.Where((_, j) => j != i)], [.. ActivationNames.Where((_, j) => j != i)]);
        for (var i = 0; i < Widths.Length; i++)
            if (Widths[i] > 1) yield return this with { Widths = [.. Widths.Select((w, j) => j == i ? 1 : w)] };
    }

    private static Layer<double> Activation(string name) => name switch
    {
        "relu" => x => Ops.Relu(x),
        "tanh" => x => Ops.Tanh(x),
        "sigmoid" => x => Ops.Sigmoid(x),
        _ => x => Diff.Pure<double, Var<double>>(x),
    };
}
