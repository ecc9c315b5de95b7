using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using R = Backprop.Functional.Rules.Rules;

namespace Backprop.Functional.Testing;

/// <summary>
/// The catalogue of gradient checks for the built-in rules and layers, with the inputs each needs
/// (matching shapes, distributions for cross-entropy targets). The tests run it as FsCheck properties;
/// the CLI's `gradcheck` prints it as a table. A new rule or layer adds its line here.
/// </summary>
public static class BuiltIns
{
    public static IReadOnlyList<BuiltInCheck> Checks { get; } =
    [
        Binary(nameof(R.Add), R.Add),
        Binary(nameof(R.Subtract), R.Subtract),
        Binary(nameof(R.Multiply), R.Multiply),
        Binary(nameof(R.MeanSquaredError), R.MeanSquaredError),
        new(nameof(R.MatMul), false, 3, (d, key, o) =>
            GradCheck.Rule("MatMul", R.MatMul, Input(key, 0, d[0], d[1]), Input(key, 1, d[1], d[2]), Check(key), o)),
        new(nameof(R.AddBias), false, 2, (d, key, o) =>
            GradCheck.Rule("AddBias", R.AddBias, Input(key, 0, d[0], d[1]), Input(key, 1, d[1]), Check(key), o)),
        Unary(nameof(R.Sum), R.Sum),
        Unary(nameof(R.Mean), R.Mean),
        Unary(nameof(R.Relu), R.Relu),
        Unary(nameof(R.Sigmoid), R.Sigmoid),
        Unary(nameof(R.Tanh), R.Tanh),
        Unary(nameof(R.Softmax), R.Softmax),
        new(nameof(R.SoftmaxCrossEntropy), false, 2, (d, key, o) =>
        {
            var targets = R.Softmax(Input(key, 1, d[0], d[1])).Value;
            return GradCheck.Rule("SoftmaxCrossEntropy", z => R.SoftmaxCrossEntropy(z, targets), Input(key, 0, d[0], d[1]), Check(key), o);
        }),
        new(nameof(Dense), true, 3, (d, key, o) =>
            GradCheck.Layer("Dense", Dense.Create<double>(d[2]), Input(key, 0, d[0], d[1]), Check(key), o)),
    ];

    /// <summary>The i-th input of a case: well-conditioned values from the case key.</summary>
    public static Tensor<double> Input(Key key, int i, params int[] dims) => Arbitraries.WellConditioned(key.FoldIn(i), new Shape(dims));

    /// <summary>The key of the check itself, apart from the inputs' keys.</summary>
    public static Key Check(Key key) => key.FoldIn(-1);

    private static BuiltInCheck Unary(string name, Func<Tensor<double>, Rules.Pulled<Tensor<double>, Tensor<double>>> rule) =>
        new(name, false, 2, (d, key, o) => GradCheck.Rule(name, rule, Input(key, 0, d[0], d[1]), Check(key), o));

    private static BuiltInCheck Binary(string name,
        Func<Tensor<double>, Tensor<double>, Rules.Pulled2<Tensor<double>, Tensor<double>, Tensor<double>>> rule) =>
        new(name, false, 2, (d, key, o) => GradCheck.Rule(name, rule, Input(key, 0, d[0], d[1]), Input(key, 1, d[0], d[1]), Check(key), o));
}
