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
        Unary(nameof(Rule.Gelu), Rule.Gelu),
        Unary(nameof(Rule.Softplus), Rule.Softplus),
        Unary(nameof(Rule.LogSoftmax), Rule.LogSoftmax),
        Unary(nameof(Rule.Elu), x => Rule.Elu(x, 1.0)),
        Unary(nameof(Rule.Exp), Rule.Exp),
        Unary(nameof(Rule.Pow), x => Rule.Pow(x, 3.0)),
        Unary(nameof(Rule.Transpose), Rule.Transpose),
        Unary(nameof(Rule.LayerStandardise), x => Rule.LayerStandardise(x, 1e-5)),
        Positive(nameof(Rule.Log), Rule.Log),
        Positive(nameof(Rule.Sqrt), Rule.Sqrt),
        new(nameof(Rule.Divide), false, 2, (d, key, o) =>
            GradCheck.Rule("Divide", Rule.Divide, Input(key, 0, d[0], d[1]), Away(Input(key, 1, d[0], d[1])), Check(key), o)),
        new(nameof(Rule.BinaryCrossEntropy), false, 2, (d, key, o) =>
            GradCheck.Rule("BinaryCrossEntropy", (z, t) => Rule.BinaryCrossEntropy(z, t), Input(key, 0, d[0], d[1]),
                Rule.Sigmoid(Input(key, 1, d[0], d[1])).Value, Check(key), o)),
        new(nameof(Rule.Conv2d), false, 4, (d, key, o) =>
            GradCheck.Rule("Conv2d", (x, w) => Rule.Conv2d(x, w, 1, 1), Input(key, 0, d[0], d[1], d[2] + 2, d[2] + 2),
                Input(key, 1, d[3], d[1], 3, 3), Check(key), o)),
        new(nameof(Rule.AvgPool2d), false, 3, (d, key, o) =>
            GradCheck.Rule("AvgPool2d", x => Rule.AvgPool2d(x, 2, 2), Input(key, 0, d[0], d[1], 2 * d[2], 2 * d[2]), Check(key), o)),
        Unary(nameof(Rule.LeakyRelu), x => Rule.LeakyRelu(x, 0.1)),
        Unary(nameof(Rule.Flatten), Rule.Flatten),
        new(nameof(Rule.Reshape), false, 2, (d, key, o) =>
            GradCheck.Rule("Reshape", x => Rule.Reshape(x, new Shape(d[1], d[0])), Input(key, 0, d[0], d[1]), Check(key), o)),
        new(nameof(Rule.Slice), false, 2, (d, key, o) =>
            GradCheck.Rule("Slice", x => Rule.Slice(x, 1, d[1]), Input(key, 0, d[0], d[1] + 2), Check(key), o)),
        new(nameof(Rule.Concat), false, 3, (d, key, o) =>
            GradCheck.Rule("Concat", Rule.Concat, Input(key, 0, d[0], d[1]), Input(key, 1, d[0], d[2]), Check(key), o)),
        new(nameof(Rule.Permute), false, 3, (d, key, o) =>
            GradCheck.Rule("Permute", x => Rule.Permute(x, 2, 0, 1), Input(key, 0, d[0], d[1], d[2]), Check(key), o)),
        new("Sum along an axis", false, 3, (d, key, o) =>
            GradCheck.Rule("Sum along an axis", x => Rule.Sum(x, 1, keepDims: true), Input(key, 0, d[0], d[1], d[2]), Check(key), o)),
        new("Mean along an axis", false, 3, (d, key, o) =>
            GradCheck.Rule("Mean along an axis", x => Rule.Mean(x, 0), Input(key, 0, d[0], d[1], d[2]), Check(key), o)),
        new(nameof(Rule.ChannelBias), false, 3, (d, key, o) =>
            GradCheck.Rule("ChannelBias", (x, b) => Rule.ChannelBias(x, b), Input(key, 0, d[0], d[1], d[2], d[2]), Input(key, 1, d[1]), Check(key), o)),
        new(nameof(Rule.ChannelScale), false, 3, (d, key, o) =>
            GradCheck.Rule("ChannelScale", (x, c) => Rule.ChannelScale(x, c), Input(key, 0, d[0], d[1], d[2], d[2]), Input(key, 1, d[1]), Check(key), o)),
        new(nameof(Rule.MaxPool2d), false, 3, (d, key, o) =>
            GradCheck.Rule("MaxPool2d", x => Rule.MaxPool2d(x, 2, 2), Input(key, 0, d[0], d[1], 2 * d[2], 2 * d[2]), Check(key), o)),
        new(nameof(Rule.Huber), false, 2, (d, key, o) =>
            GradCheck.Rule("Huber", (x, y) => Rule.Huber(x, y, 4.0), Input(key, 0, d[0], d[1]), Input(key, 1, d[0], d[1]), Check(key), o)),
        new(nameof(Rule.Dropout), false, 2, (d, key, o) =>
            GradCheck.Rule("Dropout", x => Rule.Dropout(x, key.FoldIn(7).Uniform(new Shape(d[0], d[1]), 0.0, 1.0), 0.5), Input(key, 0, d[0], d[1]), Check(key), o)),
        new(nameof(Rule.Embed), false, 2, (d, key, o) =>
            GradCheck.Rule("Embed", t => Rule.Embed(t, [.. Enumerable.Range(0, 2 * d[0]).Select(i => i * 7 % (d[0] + 1))]), Input(key, 0, d[0] + 1, d[1]), Check(key), o)),
        new(nameof(Rule.BroadcastTo), false, 2, (d, key, o) =>
            GradCheck.Rule("BroadcastTo", x => Rule.BroadcastTo(x, new Shape(d[0], d[1])), Input(key, 0, 1, d[1]), Check(key), o)),
        new(nameof(Dense), true, 3, (d, key, o) =>
            GradCheck.Layer("Dense", Dense.Create<double>(d[2]), Input(key, 0, d[0], d[1]), Check(key), o)),
        new(nameof(LayerNorm), true, 2, (d, key, o) =>
            GradCheck.Layer("LayerNorm", LayerNorm.Create<double>(), Input(key, 0, d[0], d[1] + 1), Check(key), o)),
        new(nameof(Conv2d), true, 4, (d, key, o) =>
            GradCheck.Layer("Conv2d layer", Conv2d.Create<double>(d[3], 3, padding: 1), Input(key, 0, d[0], d[1], d[2] + 2, d[2] + 2), Check(key), o)),
        new(nameof(AvgPool2d), true, 3, (d, key, o) =>
            GradCheck.Layer("AvgPool2d layer", AvgPool2d.Create<double>(2), Input(key, 0, d[0], d[1], 2 * d[2], 2 * d[2]), Check(key), o)),
        new(nameof(BatchNorm), true, 2, (d, key, o) =>
            GradCheck.Layer("BatchNorm", BatchNorm.Create<double>(), Input(key, 0, d[0] + 1, d[1]), Check(key), o)),
        new(nameof(Residual), true, 2, (d, key, o) =>
            GradCheck.Layer("Residual", Residual.Create<double>(Dense.Create<double>(d[1])), Input(key, 0, d[0], d[1]), Check(key), o)),
        new(nameof(Lstm), true, 4, (d, key, o) =>
            GradCheck.Layer("Lstm", Lstm.Create<double>(d[3]), Input(key, 0, d[0], d[1], d[2]), Check(key), o)),
        new(nameof(Gru), true, 4, (d, key, o) =>
            GradCheck.Layer("Gru", Gru.Create<double>(d[3]), Input(key, 0, d[0], d[1], d[2]), Check(key), o)),
    ];

    /// <summary>Values kept at least 0.5 away from zero, for rules undefined or steep there (division).</summary>
    private static Tensor<double> Away(Tensor<double> t) => t.Map(v => v >= 0 ? v + 0.5 : v - 0.5);

    private static BuiltInCheck Positive(string name, Func<Tensor<double>, Rules.Pulled<Tensor<double>, Tensor<double>>> rule) =>
        new(name, false, 2, (d, key, o) => GradCheck.Rule(name, rule, Input(key, 0, d[0], d[1]).Map(v => Math.Abs(v) + 0.5), Check(key), o));

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
