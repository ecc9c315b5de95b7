using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

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
        Binary(nameof(Rule.Add), Rule.Add),
        Binary(nameof(Rule.Subtract), Rule.Subtract),
        Binary(nameof(Rule.Multiply), Rule.Multiply),
        Binary(nameof(Rule.MeanSquaredError), Rule.MeanSquaredError),
        new(nameof(Rule.MatMul), false, 3, (d, key, o) =>
            GradCheck.Rule("MatMul", Rule.MatMul, Input(key, 0, d[0], d[1]), Input(key, 1, d[1], d[2]), Check(key), o)),
        new(nameof(Rule.AddBias), false, 2, (d, key, o) =>
            GradCheck.Rule("AddBias", Rule.AddBias, Input(key, 0, d[0], d[1]), Input(key, 1, d[1]), Check(key), o)),
        Unary(nameof(Rule.Sum), Rule.Sum),
        Unary(nameof(Rule.Mean), Rule.Mean),
        Unary(nameof(Rule.Relu), Rule.Relu),
        Unary(nameof(Rule.Sigmoid), Rule.Sigmoid),
        Unary(nameof(Rule.Tanh), Rule.Tanh),
        Unary(nameof(Rule.Softmax), Rule.Softmax),
        new(nameof(Rule.SoftmaxCrossEntropy), false, 2, (d, key, o) =>
        {
            var targets = Rule.Softmax(Input(key, 1, d[0], d[1])).Value;
            return GradCheck.Rule("SoftmaxCrossEntropy", z => Rule.SoftmaxCrossEntropy(z, targets), Input(key, 0, d[0], d[1]), Check(key), o);
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
