using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// The catalogue of built-in checks: each line's name, kind, size count and the inputs it builds from sizes (2, 3, 4, 5),
/// as the catalogue defines them (reviewed by hand: matching shapes, the +1/+2 that keep a size valid, the doubled pool sizes).
/// Whether each passes is <see cref="MutantTests"/>' job.
/// </summary>
public class BuiltInsTests
{
    public static TheoryData<string, bool, int, string> Expected => new()
    {
        { "Add", false, 2, "x [2, 3], y [2, 3]" },
        { "Subtract", false, 2, "x [2, 3], y [2, 3]" },
        { "Multiply", false, 2, "x [2, 3], y [2, 3]" },
        { "MeanSquaredError", false, 2, "x [2, 3], y [2, 3]" },
        { "MatMul", false, 3, "x [2, 3], y [3, 4]" },
        { "AddBias", false, 2, "x [2, 3], y [3]" },
        { "Sum", false, 2, "x [2, 3]" },
        { "Mean", false, 2, "x [2, 3]" },
        { "Relu", false, 2, "x [2, 3]" },
        { "Sigmoid", false, 2, "x [2, 3]" },
        { "Tanh", false, 2, "x [2, 3]" },
        { "Softmax", false, 2, "x [2, 3]" },
        { "SoftmaxCrossEntropy", false, 2, "x [2, 3]" },
        { "Gelu", false, 2, "x [2, 3]" },
        { "Softplus", false, 2, "x [2, 3]" },
        { "LogSoftmax", false, 2, "x [2, 3]" },
        { "Elu", false, 2, "x [2, 3]" },
        { "Exp", false, 2, "x [2, 3]" },
        { "Pow", false, 2, "x [2, 3]" },
        { "Transpose", false, 2, "x [2, 3]" },
        { "LayerStandardise", false, 2, "x [2, 3]" },
        { "Log", false, 2, "x [2, 3]" },
        { "Sqrt", false, 2, "x [2, 3]" },
        { "Divide", false, 2, "x [2, 3], y [2, 3]" },
        { "BinaryCrossEntropy", false, 2, "x [2, 3], y [2, 3]" },
        { "Conv2d", false, 4, "x [2, 3, 6, 6], y [5, 3, 3, 3]" },
        { "AvgPool2d", false, 3, "x [2, 3, 8, 8]" },
        { "LeakyRelu", false, 2, "x [2, 3]" },
        { "Flatten", false, 2, "x [2, 3]" },
        { "Reshape", false, 2, "x [2, 3]" },
        { "Slice", false, 2, "x [2, 5]" },
        { "Concat", false, 3, "x [2, 3], y [2, 4]" },
        { "Permute", false, 3, "x [2, 3, 4]" },
        { "Sum along an axis", false, 3, "x [2, 3, 4]" },
        { "Mean along an axis", false, 3, "x [2, 3, 4]" },
        { "ChannelBias", false, 3, "x [2, 3, 4, 4], y [3]" },
        { "ChannelScale", false, 3, "x [2, 3, 4, 4], y [3]" },
        { "MaxPool2d", false, 3, "x [2, 3, 8, 8]" },
        { "Huber", false, 2, "x [2, 3], y [2, 3]" },
        { "Dropout", false, 2, "x [2, 3]" },
        { "Embed", false, 2, "x [3, 3]" },
        { "BroadcastTo", false, 2, "x [1, 3]" },
        { "Dense", true, 3, "input [2, 3], dense_1/b [4], dense_1/w [3, 4]" },
        { "LayerNorm", true, 2, "input [2, 4], layer_norm_1/beta [4], layer_norm_1/gamma [4]" },
        { "Conv2d", true, 4, "input [2, 3, 6, 6], conv2d_1/b [5], conv2d_1/w [5, 3, 3, 3]" },
        { "AvgPool2d", true, 3, "input [2, 3, 8, 8]" },
        { "BatchNorm", true, 2, "input [3, 3], batch_norm_1/beta [3], batch_norm_1/gamma [3]" },
        { "Residual", true, 2, "input [2, 3], residual_1/dense_1/b [3], residual_1/dense_1/w [3, 3]" },
        { "Lstm", true, 4, "input [2, 3, 4], lstm_1/b [20], lstm_1/wh [5, 20], lstm_1/wx [4, 20]" },
        { "Gru", true, 4, "input [2, 3, 4], gru_1/bh [15], gru_1/bx [15], gru_1/wh [5, 15], gru_1/wx [4, 15]" },
    };

    [Fact]
    public void The_catalogue_has_one_line_per_expected_check_in_order()
    {
        Assert.Equal(Expected.Select(e => $"{e[0]} {e[1]}"), BuiltIns.Checks.Select(c => $"{c.Name} {c.IsLayer}"));
    }

    [Theory, MemberData(nameof(Expected))]
    public void Each_line_builds_its_inputs_from_the_sizes(string name, bool isLayer, int dims, string inputs)
    {
        var check = BuiltIns.Checks.Single(c => c.Name == name && c.IsLayer == isLayer);
        Assert.Equal(dims, check.DimCount);
        var report = check.Run([.. new[] { 2, 3, 4, 5 }.Take(dims)], Key.Create(1), GradCheckOptions.Fast);
        Assert.Equal(inputs, report.Inputs);
    }

    [Fact]
    public void Inputs_come_from_the_case_key_folded_by_position_and_the_check_key_is_apart()
    {
        var key = Key.Create(9);
        Assert.Equal(Arbitraries.WellConditioned(key.FoldIn(1), new Shape(2, 3)).ToArray(), BuiltIns.Input(key, 1, 2, 3).ToArray());
        Assert.Equal(key.FoldIn(-1), BuiltIns.Check(key));
        Assert.Equal($"key: new Key(0x{BuiltIns.Check(key).Value:X16}UL)", BuiltIns.Checks[0].Run([2, 3], key, null).Replay);
    }

    /// <summary>Log and Sqrt get inputs at least 0.5 above zero, Divide a divisor at least 0.5 away from it: their reports pass on every seed tried.</summary>
    [Fact]
    public void Rules_undefined_near_zero_get_inputs_away_from_it()
    {
        foreach (var name in new[] { "Log", "Sqrt", "Divide" })
            for (var seed = 0; seed < 20; seed++)
            {
                var report = BuiltIns.Checks.Single(c => c.Name == name).Run([3, 3], Key.Create(seed), null);
                Assert.True(report.Passed, report.ToString());
            }
    }
}
