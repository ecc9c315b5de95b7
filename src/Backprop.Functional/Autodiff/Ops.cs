using System.Numerics;
using Backprop.Functional.Rules;

namespace Backprop.Functional.Autodiff;

/// <summary>The rules lifted into the monad: each runs forward and tapes its pullback.</summary>
public static class Ops
{
    public static Diff<T, Var<T>> Add<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("add", Rule.Add, x, y);
    public static Diff<T, Var<T>> Subtract<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("subtract", Rule.Subtract, x, y);
    public static Diff<T, Var<T>> Multiply<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("multiply", Rule.Multiply, x, y);
    public static Diff<T, Var<T>> MatMul<T>(Var<T> a, Var<T> b) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("matmul", Rule.MatMul, a, b);
    public static Diff<T, Var<T>> AddBias<T>(Var<T> x, Var<T> b) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("add_bias", Rule.AddBias, x, b);
    public static Diff<T, Var<T>> Sum<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("sum", Rule.Sum, x);
    public static Diff<T, Var<T>> Mean<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("mean", Rule.Mean, x);
    public static Diff<T, Var<T>> Relu<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("relu", Rule.Relu, x);
    public static Diff<T, Var<T>> Sigmoid<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("sigmoid", Rule.Sigmoid, x);
    public static Diff<T, Var<T>> Softmax<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("softmax", Rule.Softmax, x);
    public static Diff<T, Var<T>> Tanh<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("tanh", Rule.Tanh, x);

    // Layers' rules: convolution, pooling, reshaping, per-channel affine maps, slicing, embeddings
    public static Diff<T, Var<T>> Conv2d<T>(Var<T> x, Var<T> w, int stride = 1, int padding = 0) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("conv2d", (a, b) => Rule.Conv2d(a, b, stride, padding), x, w, () => Settings(("stride", stride), ("padding", padding)));
    public static Diff<T, Var<T>> ChannelBias<T>(Var<T> x, Var<T> b, int axis = 1) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("channel_bias", (u, v) => Rule.ChannelBias(u, v, axis), x, b, () => Settings(("axis", axis)));
    public static Diff<T, Var<T>> ChannelScale<T>(Var<T> x, Var<T> s, int axis = 1) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("channel_scale", (u, v) => Rule.ChannelScale(u, v, axis), x, s, () => Settings(("axis", axis)));
    public static Diff<T, Var<T>> MaxPool2d<T>(Var<T> x, int size, int stride) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("max_pool2d", u => Rule.MaxPool2d(u, size, stride), x, () => Settings(("size", size), ("stride", stride)));
    public static Diff<T, Var<T>> AvgPool2d<T>(Var<T> x, int size, int stride) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("avg_pool2d", u => Rule.AvgPool2d(u, size, stride), x, () => Settings(("size", size), ("stride", stride)));
    public static Diff<T, Var<T>> Reshape<T>(Var<T> x, Tensors.Shape shape) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("reshape", u => Rule.Reshape(u, shape), x, () => Settings(("shape", shape)));
    public static Diff<T, Var<T>> Flatten<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("flatten", Rule.Flatten, x);
    public static Diff<T, Var<T>> Slice<T>(Var<T> x, int start, int count) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("slice", u => Rule.Slice(u, start, count), x, () => Settings(("start", start), ("count", count)));
    public static Diff<T, Var<T>> Concat<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("concat", Rule.Concat, x, y);
    public static Diff<T, Var<T>> Embed<T>(Var<T> table, int[] ids) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("embed", t => Rule.Embed(t, ids), table);
    public static Diff<T, Var<T>> BagMean<T>(Var<T> table, int[] ids, int length) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("bag_mean", t => Rule.BagMean(t, ids, length), table);
    public static Diff<T, Var<T>> LayerStandardise<T>(Var<T> x, T epsilon) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("layer_standardise", u => Rule.LayerStandardise(u, epsilon), x, () => Settings(("epsilon", epsilon)));

    /// <summary>Leaky ReLU (see <see cref="Rule.LeakyRelu{T}"/>): x where x &gt; 0, else slope·x.</summary>
    public static Diff<T, Var<T>> LeakyRelu<T>(Var<T> x, T slope) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("leaky_relu", v => Rule.LeakyRelu(v, slope), x, () => Settings(("slope", slope)));
    /// <summary>ELU (see <see cref="Rule.Elu{T}"/>): x where x &gt; 0, else α(eˣ − 1).</summary>
    public static Diff<T, Var<T>> Elu<T>(Var<T> x, T alpha) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("elu", v => Rule.Elu(v, alpha), x, () => Settings(("alpha", alpha)));
    /// <summary>GELU, tanh approximation (see <see cref="Rule.Gelu{T}"/>).</summary>
    public static Diff<T, Var<T>> Gelu<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("gelu", Rule.Gelu, x);
    /// <summary>Softplus log(1 + eˣ), stable (see <see cref="Rule.Softplus{T}"/>).</summary>
    public static Diff<T, Var<T>> Softplus<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("softplus", Rule.Softplus, x);
    /// <summary>Row-wise log-softmax, stable (see <see cref="Rule.LogSoftmax{T}"/>).</summary>
    public static Diff<T, Var<T>> LogSoftmax<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("log_softmax", Rule.LogSoftmax, x);
    // The tensor algebra's differentiable operations (broadcasting where they take two tensors)
    public static Diff<T, Var<T>> Divide<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("divide", Rule.Divide, x, y);
    public static Diff<T, Var<T>> Exp<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("exp", Rule.Exp, x);
    public static Diff<T, Var<T>> Log<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("log", Rule.Log, x);
    public static Diff<T, Var<T>> Sqrt<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("sqrt", Rule.Sqrt, x);
    public static Diff<T, Var<T>> Pow<T>(Var<T> x, T p) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("pow", v => Rule.Pow(v, p), x, () => Settings(("p", p)));
    public static Diff<T, Var<T>> Sum<T>(Var<T> x, int axis, bool keepDims = false) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("sum", v => Rule.Sum(v, axis, keepDims), x, () => Settings(("axis", axis), ("keepDims", keepDims)));
    public static Diff<T, Var<T>> Mean<T>(Var<T> x, int axis, bool keepDims = false) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("mean", v => Rule.Mean(v, axis, keepDims), x, () => Settings(("axis", axis), ("keepDims", keepDims)));
    public static Diff<T, Var<T>> Permute<T>(Var<T> x, params int[] axes) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("permute", v => Rule.Permute(v, axes), x, () => Settings(("axes", axes)));
    public static Diff<T, Var<T>> Transpose<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("transpose", Rule.Transpose, x);
    public static Diff<T, Var<T>> BroadcastTo<T>(Var<T> x, Tensors.Shape shape) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("broadcast_to", v => Rule.BroadcastTo(v, shape), x, () => Settings(("shape", shape)));

    /// <summary>The Heaviside step, whose pullback is zero: it exists to show why it cannot be trained (see <see cref="Rule.Heaviside{T}"/>).</summary>
    public static Diff<T, Var<T>> Heaviside<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Primitive("heaviside", Rule.Heaviside, x);

    /// <summary>A rule's settings, made only when a traced run records the rule (exporters read them).</summary>
    private static IReadOnlyDictionary<string, object> Settings(params (string Name, object Value)[] settings) =>
        settings.ToDictionary(s => s.Name, s => s.Value);
}
