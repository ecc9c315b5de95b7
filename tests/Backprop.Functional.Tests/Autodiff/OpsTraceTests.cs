using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>
/// Every operation records its rule's name and settings in a traced run (the exporters translate by them, and error
/// messages name them): one row per operation, its input shape, the name and the settings it must record.
/// </summary>
public class OpsTraceTests
{
    private static readonly Var<double> Other = Tensor<double>.Full(new Shape(2, 3), 0.5);

    public static TheoryData<string, int[], Layer<double>, string> Cases() => new()
    {
        { "add", [2, 3], x => Ops.Add(x, Other), "" },
        { "subtract", [2, 3], x => Ops.Subtract(x, Other), "" },
        { "multiply", [2, 3], x => Ops.Multiply(x, Other), "" },
        { "matmul", [2, 3], x => Ops.MatMul(x, Tensor<double>.Ones(new Shape(3, 2))), "" },
        { "add_bias", [2, 3], x => Ops.AddBias(x, Tensor<double>.Ones(new Shape(3))), "" },
        { "sum", [2, 3], x => Ops.Sum(x), "" },
        { "mean", [2, 3], x => Ops.Mean(x), "" },
        { "relu", [2, 3], x => Ops.Relu(x), "" },
        { "sigmoid", [2, 3], x => Ops.Sigmoid(x), "" },
        { "softmax", [2, 3], x => Ops.Softmax(x), "" },
        { "tanh", [2, 3], x => Ops.Tanh(x), "" },
        { "conv2d", [1, 1, 4, 4], x => Ops.Conv2d(x, Tensor<double>.Ones(new Shape(2, 1, 3, 3)), stride: 1, padding: 1), "padding=1 stride=1" },
        { "channel_bias", [1, 2, 2, 2], x => Ops.ChannelBias(x, Tensor<double>.Ones(new Shape(2))), "axis=1" },
        { "channel_scale", [1, 2, 2, 2], x => Ops.ChannelScale(x, Tensor<double>.Ones(new Shape(2))), "axis=1" },
        { "max_pool2d", [1, 1, 4, 4], x => Ops.MaxPool2d(x, 2, 2), "size=2 stride=2" },
        { "avg_pool2d", [1, 1, 4, 4], x => Ops.AvgPool2d(x, 2, 1), "size=2 stride=1" },
        { "reshape", [2, 3], x => Ops.Reshape(x, new Shape(3, 2)), "shape=[3, 2]" },
        { "flatten", [2, 1, 3], x => Ops.Flatten(x), "" },
        { "slice", [2, 3], x => Ops.Slice(x, 1, 2), "count=2 start=1" },
        { "concat", [2, 3], x => Ops.Concat(x, Other), "" },
        { "embed", [4, 3], x => Ops.Embed(x, [0, 3]), "" },
        { "bag_mean", [4, 3], x => Ops.BagMean(x, [0, 1, 2, 3], 2), "" },
        { "layer_standardise", [2, 3], x => Ops.LayerStandardise(x, 1e-5), "epsilon=1E-05" },
        { "leaky_relu", [2, 3], x => Ops.LeakyRelu(x, 0.1), "slope=0.1" },
        { "elu", [2, 3], x => Ops.Elu(x, 0.5), "alpha=0.5" },
        { "gelu", [2, 3], x => Ops.Gelu(x), "" },
        { "softplus", [2, 3], x => Ops.Softplus(x), "" },
        { "log_softmax", [2, 3], x => Ops.LogSoftmax(x), "" },
        { "divide", [2, 3], x => Ops.Divide(x, Other), "" },
        { "exp", [2, 3], x => Ops.Exp(x), "" },
        { "log", [2, 3], x => Ops.Log(x), "" },
        { "sqrt", [2, 3], x => Ops.Sqrt(x), "" },
        { "pow", [2, 3], x => Ops.Pow(x, 3.0), "p=3" },
        { "sum", [2, 3], x => Ops.Sum(x, 1, keepDims: true), "axis=1 keepDims=True" },
        { "mean", [2, 3], x => Ops.Mean(x, 0), "axis=0 keepDims=False" },
        { "permute", [2, 3, 1], x => Ops.Permute(x, 2, 0, 1), "axes=2,0,1" },
        { "transpose", [2, 3], x => Ops.Transpose(x), "" },
        { "broadcast_to", [1, 3], x => Ops.BroadcastTo(x, new Shape(2, 3)), "shape=[2, 3]" },
        { "heaviside", [2, 3], x => Ops.Heaviside(x), "" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void An_operation_records_its_rules_name_and_settings(string name, int[] dims, Layer<double> op, string settings)
    {
        var x = Key.Create(1).Uniform(new Shape(dims), 0.5, 1.5);
        var trace = Diff.Trace(op, x, Params<double>.Empty).Match(t => t, e => throw new Exception(e.Message));
        var last = trace.Ops[^1];
        Assert.Equal(name, last.Name);
        Assert.False(last.User);
        Assert.Equal(settings, string.Join(" ", last.Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={Show(s.Value)}")));
    }

    private static string Show(object value) => value switch
    {
        int[] axes => string.Join(",", axes),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
