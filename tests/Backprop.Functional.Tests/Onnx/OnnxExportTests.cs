using Backprop.Cli;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Nn<float>;
using Export = Backprop.Functional.Interop.OnnxFile;

namespace Backprop.Functional.Tests.Onnx;

/// <summary>
/// Every exportable layer, over generated shapes: the ONNX model run by ONNX Runtime gives our forward pass's outputs
/// (evaluation mode) within 1e-5 of the output's scale (max |y|, at least 1), on the sample and on a batch of another size.
/// </summary>
public class OnnxExportTests
{
    private const double Tolerance = 1e-5;

    /// <summary>Parameters and state of <paramref name="layer"/> at random values: weights from their initialisers, biases, scales and shifts
    /// moved off their constant starts, running means normal and variances in [0.5, 2].</summary>
    internal static (Params<float> Params, Params<float> State) Random(Layer<float> layer, Tensor<float> x, Key key)
    {
        var (p0, s0) = Diff.InitWithState(layer(x), key).OrThrow();
        var keys = key.FoldIn(1).Split(p0.Count + s0.Count);
        var p = Params<float>.From(p0.Select((e, i) => KeyValuePair.Create(e.Key, e.Value.Shape.Rank == 1 ? e.Value + keys[i].Normal(e.Value.Shape, 0.3f) : e.Value)));
        var s = Params<float>.From(s0.Select((e, i) => KeyValuePair.Create(e.Key, e.Key.EndsWith("running_var", StringComparison.Ordinal)
            ? keys[p0.Count + i].Uniform(e.Value.Shape, 0.5f, 2f) : keys[p0.Count + i].Normal(e.Value.Shape, 0.5f))));
        return (p, s);
    }

    /// <summary>Exports, runs in ONNX Runtime on the sample and (when the batch is free) on a batch of another size, compares.</summary>
    internal static Property Matches(string name, Layer<float> layer, Tensor<float> x, Key key, bool dynamicBatch = true) =>
        Compare(name, layer, x, key, dynamicBatch) is var (ok, report) ? ok.Label(report) : throw new InvalidOperationException();

    internal static (bool Ok, string Report) Compare(string name, Layer<float> layer, Tensor<float> x, Key key, bool dynamicBatch = true)
    {
        var (p, s) = Random(layer, x, key);
        var model = Export.ToModel(layer, p, x, s).OrThrow();
        var worst = OnnxRuntime.WorstError(OnnxRuntime.Run(model, x), layer.Predict(p, x, s).OrThrow());
        var other = key.FoldIn(2).Normal<float>(new Shape([x.Shape[0] + 2, .. x.Shape.Dims.RemoveAt(0)]));
        var worstOther = model.BatchIsDynamic ? OnnxRuntime.WorstError(OnnxRuntime.Run(model, other), layer.Predict(p, other, s).OrThrow()) : 0;
        return (worst <= Tolerance && worstOther <= Tolerance && model.BatchIsDynamic == dynamicBatch,
            $"{name} on {x.Shape}: {model}; worst error {worst:E2} on the sample, {worstOther:E2} on batch {other.Shape[0]}");
    }

    private static Arbitrary<(int Batch, int Features, int Units, Key Key)> DenseCases() => Arb.From(
        from b in Gen.Choose(1, 4) from f in Gen.Choose(1, 6) from u in Gen.Choose(1, 5) from seed in Gen.Choose(0, 10_000)
        select (b, f, u, Key.Create(seed)));

    private static Arbitrary<(int Batch, int Channels, int H, int W, Key Key)> ImageCases() => Arb.From(
        from b in Gen.Choose(1, 3) from c in Gen.Choose(1, 3) from h in Gen.Choose(3, 7) from w in Gen.Choose(3, 7) from seed in Gen.Choose(0, 10_000)
        select (b, c, h, w, Key.Create(seed)));

    private static Tensor<float> Input(Key key, params int[] dims) => key.FoldIn(3).Normal<float>(new Shape(dims));

    [Property(MaxTest = 20)]
    public Property Dense_exports() => Prop.ForAll(DenseCases(), c => Matches("dense", Dense(c.Units), Input(c.Key, c.Batch, c.Features), c.Key));

    public static TheoryData<string> Activations() => ["relu", "sigmoid", "tanh", "gelu", "softplus", "elu", "leaky_relu", "softmax", "log_softmax"];

    private static Layer<float> Activation(string name) => name switch
    {
        "softmax" => Softmax,
        "log_softmax" => LogSoftmax,
        _ => ModelSpec.ActivationLayer<float>(name),
    };

    [Theory, MemberData(nameof(Activations))]
    public void Activation_exports(string name) =>
        Prop.ForAll(DenseCases(), c => Matches(name, Dense(c.Units).Then(Activation(name)), 3f * Input(c.Key, c.Batch, c.Features), c.Key))
            .Check(Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(10));

    [Property(MaxTest = 15)]
    public Property Conv2d_exports() => Prop.ForAll(ImageCases(), Arb.From(from k in Gen.Choose(1, 3) from p in Gen.Choose(0, 1) from s in Gen.Choose(1, 2) select (k, p, s)),
        (c, conv) => Matches($"conv2d k{conv.k} p{conv.p} s{conv.s}", Conv2d(2, conv.k, conv.s, conv.p), Input(c.Key, c.Batch, c.Channels, c.H, c.W), c.Key));

    [Property(MaxTest = 15)]
    public Property Pooling_and_flatten_export() => Prop.ForAll(ImageCases(), Gen.Choose(1, 3).ToArbitrary(), Gen.Choose(1, 3).ToArbitrary(),
        (c, size, stride) =>
            Matches($"max pool {size}/{stride}", MaxPool2d(size, stride).Then(Flatten), Input(c.Key, c.Batch, c.Channels, c.H, c.W), c.Key)
                .And(Matches($"avg pool {size}/{stride}", AvgPool2d(size, stride).Then(Flatten), Input(c.Key, c.Batch, c.Channels, c.H, c.W), c.Key)));

    [Property(MaxTest = 15)]
    public Property BatchNorm_exports_in_evaluation_form() => Prop.ForAll(ImageCases(), c =>
        Matches("batch norm (images)", Conv2d(2, 3, padding: 1).Then(BatchNorm()), Input(c.Key, c.Batch + 1, c.Channels, c.H, c.W), c.Key)
            .And(Matches("batch norm (features)", Dense(c.W).Then(BatchNorm()).Then(Relu), Input(c.Key, c.Batch + 1, c.H), c.Key)));

    [Property(MaxTest = 15)]
    public Property Dropout_exports_as_the_identity() => Prop.ForAll(DenseCases(), c =>
        Matches("dropout", Dense(c.Units).Then(Dropout(0.5)).Then(Dense(2)), Input(c.Key, c.Batch, c.Features), c.Key));

    [Property(MaxTest = 15)]
    public Property LayerNorm_exports() => Prop.ForAll(DenseCases(), c =>
        Matches("layer norm", Dense(c.Units).Then(LayerNorm()), Input(c.Key, c.Batch, c.Features), c.Key));

    [Property(MaxTest = 15)]
    public Property Residual_exports() => Prop.ForAll(DenseCases(), c =>
        Matches("residual", Residual(Dense(c.Features).Then(Tanh).Then(Dense(c.Features))), Input(c.Key, c.Batch, c.Features), c.Key));

    /// <summary>Recurrent layers export unrolled for the sample's sequence length; their zero initial state is filled to the batch.</summary>
    [Property(MaxTest = 10)]
    public Property Lstm_and_gru_export_unrolled() => Prop.ForAll(DenseCases(), Gen.Choose(1, 4).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(),
        (c, time, sequences) =>
            Matches($"lstm t{time}", Lstm(c.Units, sequences), Input(c.Key, c.Batch, time, c.Features), c.Key)
                .And(Matches($"gru t{time}", Gru(c.Units, sequences), Input(c.Key, c.Batch, time, c.Features), c.Key)));

    [Fact]
    public void The_cli_default_mlp_exports()
    {
        var spec = new ModelSpec("mlp", [256, 128], "relu", 0, [784], 10, "mnist", 0);
        var (ok, report) = Compare("mlp 784-256-128-10", spec.Build<float>(), Input(Key.Create(5), 8, 784), Key.Create(6));
        Assert.True(ok, report);
    }

    [Fact]
    public void The_cli_default_conv_net_exports()
    {
        var spec = new ModelSpec("conv", [128], "relu", 0, [1, 28, 28], 10, "mnist", 0);
        var (ok, report) = Compare("conv[1x28x28]-128-10", spec.Build<float>(), Input(Key.Create(7), 4, 1, 28, 28), Key.Create(8));
        Assert.True(ok, report);
    }

    [Fact]
    public void A_constant_of_the_samples_batch_shape_fixes_the_batch_size()
    {
        var bias = Key.Create(9).Normal<float>(new Shape(3, 4));
        var (ok, report) = Compare("constant [3, 4]", Dense(4).Then(x => Ops.Add(x, Var<float>.Constant(bias))), Input(Key.Create(10), 3, 5), Key.Create(11), dynamicBatch: false);
        Assert.True(ok, report);
    }

    /// <summary>The tensor algebra's differentiable operations, composed: exp, log, sqrt, pow, the four arithmetic ops with
    /// broadcasting, sums and means (along an axis and whole), transposes, permutations, slices, concatenation, reshapes.</summary>
    private static Diff<float, Var<float>> Algebra(Var<float> x) =>
        from e in Ops.Exp(x)
        from l in Ops.Log(e)
        from r in Ops.Sqrt(e)
        from p in Ops.Pow(r, 3f)
        from q in Ops.Divide(p, e)
        from d in Ops.Subtract(q, l)
        from m in Ops.Multiply(d, r)
        from t in Ops.Transpose(m)
        from back in Ops.Transpose(t)
        from rowSums in Ops.Sum(e, 1, keepDims: true)
        from share in Ops.Divide(back, rowSums)
        from rowMeans in Ops.Mean(e, 1)
        from whole in Ops.Mean(e)
        from total in Ops.Sum(rowMeans)
        from ratio in Ops.Divide(whole, total)
        from scaled in Ops.Divide(share, ratio)
        from first in Ops.Slice(scaled, 0, 1)
        from joined in Ops.Concat(first, scaled)
        from cube in Ops.Reshape(joined, new Shape(joined.Shape[0], 1, joined.Shape[1]))
        from turned in Ops.Permute(cube, 0, 2, 1)
        from y in Ops.Flatten(turned)
        select y;

    [Property(MaxTest = 20)]
    public Property The_tensor_algebra_exports() => Prop.ForAll(DenseCases(), c =>
        Matches("algebra", Dense(c.Units).Then(Algebra), Input(c.Key, c.Batch, c.Features), c.Key));

    /// <summary>A broadcast to a shape that holds the batch size exports for that batch size only.</summary>
    [Property(MaxTest = 10)]
    public Property BroadcastTo_exports_for_the_samples_batch() => Prop.ForAll(DenseCases(), c =>
        Matches("broadcast_to", Dense(c.Units).Then(x => from s in Ops.Sum(x, 1, keepDims: true) from b in Ops.BroadcastTo(s, x.Shape) from y in Ops.Add(b, x) select y),
            Input(c.Key, c.Batch, c.Features), c.Key, dynamicBatch: false));
}
