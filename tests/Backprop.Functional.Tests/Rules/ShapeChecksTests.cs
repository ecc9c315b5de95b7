using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Tests.ShapeCases;

namespace Backprop.Functional.Tests.Rules;

/// <summary>
/// Every shape check of the rules, fed each shape it exists to reject (one clause of the check at a time),
/// and the boundary shapes it must still accept.
/// </summary>
public class ShapeChecksTests
{
    public static TheoryData<string, Action> Rejected => Cases(
        ("add-bias: b of rank 2", () => Rule.AddBias(Z(2, 3), Z(3, 1))),
        ("add-bias: x a scalar", () => Rule.AddBias(Z(), Z(1))),
        ("add-bias: n differs", () => Rule.AddBias(Z(2, 3), Z(4))),
        ("matmul: a of rank 3", () => Rule.MatMul(Z(2, 3, 1), Z(3, 2))),
        ("matmul: b of rank 1", () => Rule.MatMul(Z(2, 3), Z(3))),
        ("matmul: inner sizes differ", () => Rule.MatMul(Z(2, 3), Z(4, 5))),
        ("softmax: a scalar", () => Rule.Softmax(Z())),
        ("log-softmax: a scalar", () => Rule.LogSoftmax(Z())),
        ("softmax cross-entropy: rank 3", () => Rule.SoftmaxCrossEntropy(Z(2, 3, 1), Z(2, 3, 1))),
        ("softmax cross-entropy: rank 1", () => Rule.SoftmaxCrossEntropy(Z(3), Z(3))),
        ("softmax cross-entropy: shapes differ", () => Rule.SoftmaxCrossEntropy(Z(2, 3), Z(2, 4))),
        ("softmax cross-entropy (sum): rank 3", () => Rule.SoftmaxCrossEntropy(Z(2, 3, 1), Z(2, 3, 1), Reduction.Sum)),
        ("softmax cross-entropy (sum): shapes differ", () => Rule.SoftmaxCrossEntropy(Z(2, 3), Z(3, 3), Reduction.Sum)),
        ("concat: rank 1", () => Rule.Concat(Z(3), Z(3))),
        ("concat: ranks differ", () => Rule.Concat(Z(2, 3), Z(2, 3, 1))),
        ("concat: axis 0 differs", () => Rule.Concat(Z(2, 3), Z(3, 3))),
        ("concat: axis 2 differs", () => Rule.Concat(Z(2, 3, 4), Z(2, 5, 3))),
        ("slice: rank 1", () => Rule.Slice(Z(4), 0, 1)),
        ("slice: negative start", () => Rule.Slice(Z(2, 3), -1, 1)),
        ("slice: negative count", () => Rule.Slice(Z(2, 3), 1, -1)),
        ("slice: past the end", () => Rule.Slice(Z(2, 3), 2, 2)),
        ("mean squared error: shapes differ", () => Rule.MeanSquaredError(Z(2, 3), Z(3, 2))),
        ("squared error (sum): shapes differ", () => Rule.MeanSquaredError(Z(2, 3), Z(2, 4), Reduction.Sum)),
        ("absolute error: shapes differ", () => Rule.MeanAbsoluteError(Z(2, 3), Z(6))),
        ("huber: shapes differ", () => Rule.Huber(Z(2, 3), Z(2, 2), 1.0)),
        ("mean squared error: shapes that would broadcast", () => Rule.MeanSquaredError(Z(2, 3), Z(3))),
        ("squared error (sum): shapes that would broadcast", () => Rule.MeanSquaredError(Z(2, 3), Z(1, 3), Reduction.Sum)),
        ("absolute error: shapes that would broadcast", () => Rule.MeanAbsoluteError(Z(2, 3), Z(3))),
        ("huber: shapes that would broadcast", () => Rule.Huber(Z(2, 3), Z(3), 1.0)),
        ("binary cross-entropy: shapes differ", () => Rule.BinaryCrossEntropy(Z(2, 1), Z(2))),
        ("dropout: draw of another shape", () => Rule.Dropout(Z(2, 3), Z(3, 2), 0.5)),
        ("conv2d: x of rank 3", () => Rule.Conv2d(Z(1, 4, 4), Z(1, 1, 3, 3))),
        ("conv2d: x of rank 3 with the kernel's channels", () => Rule.Conv2d(Z(1, 1, 4), Z(1, 1, 3, 3))),
        ("conv2d: kernel of rank 3 with the input's channels", () => Rule.Conv2d(Z(1, 1, 4, 4), Z(1, 1, 3))),
        ("conv2d: kernel of rank 3", () => Rule.Conv2d(Z(1, 1, 4, 4), Z(1, 3, 3))),
        ("conv2d: channels differ", () => Rule.Conv2d(Z(1, 2, 4, 4), Z(1, 1, 3, 3))),
        ("conv2d: stride 0", () => Rule.Conv2d(Z(1, 1, 4, 4), Z(1, 1, 3, 3), stride: 0)),
        ("conv2d: padding -1", () => Rule.Conv2d(Z(1, 1, 4, 4), Z(1, 1, 3, 3), padding: -1)),
        ("conv2d: kernel of height 0", () => Rule.Conv2d(Z(1, 1, 4, 4), Z(1, 1, 0, 3))),
        ("conv2d: kernel of width 0", () => Rule.Conv2d(Z(1, 1, 4, 4), Z(1, 1, 3, 0))),
        ("conv2d: kernel taller than the input", () => Rule.Conv2d(Z(1, 1, 4, 6), Z(1, 1, 5, 3))),
        ("conv2d: kernel wider than the input", () => Rule.Conv2d(Z(1, 1, 6, 4), Z(1, 1, 3, 5))),
        ("max-pool: rank 3", () => Rule.MaxPool2d(Z(1, 4, 4), 2, 2)),
        ("max-pool: stride 0", () => Rule.MaxPool2d(Z(1, 1, 4, 4), 2, 0)),
        ("max-pool: window larger than the input", () => Rule.MaxPool2d(Z(1, 1, 4, 4), 5, 1)),
        ("avg-pool: rank 3", () => Rule.AvgPool2d(Z(1, 4, 4), 2, 2)),
        ("avg-pool: window of size 0", () => Rule.AvgPool2d(Z(1, 1, 4, 4), 0, 1)),
        ("embed: table of rank 1", () => Rule.Embed(Z(3), [0])),
        ("embed: id equal to the vocabulary size", () => Rule.Embed(Z(3, 2), [0, 3])),
        ("embed: negative id", () => Rule.Embed(Z(3, 2), [-1])),
        ("bag of words: id equal to the vocabulary size", () => Rule.BagMean(Z(3, 2), [0, 3], 2)),
        ("bag of words: length 0", () => Rule.BagMean(Z(3, 2), [0, 1], 0)),
        ("bag of words: ids do not make rows", () => Rule.BagMean(Z(3, 2), [0, 1, 2], 2)),
        ("channel bias: axis past the last", () => Rule.ChannelBias(Z(2, 3), Z(3), axis: 2)),
        ("channel bias: axis before the first", () => Rule.ChannelBias(Z(2, 3), Z(2), axis: -3)),
        ("channel bias: a scalar", () => Rule.ChannelBias(Z(), Z(1), axis: 0)),
        ("channel bias: bias of rank 2", () => Rule.ChannelBias(Z(2, 3), Z(3, 1))),
        ("channel bias: bias of another length", () => Rule.ChannelBias(Z(2, 3), Z(4))),
        ("channel scale: bias of another length", () => Rule.ChannelScale(Z(2, 3, 2), Z(2))),
        ("batch norm: rank 1", () => Rule.BatchStandardise(Z(4), 1e-5)),
        ("layer norm: a scalar", () => Rule.LayerStandardise(Z(), 1e-5)),
        ("flatten: a scalar", () => Rule.Flatten(Z())));

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejects_the_shapes_it_checks_with_a_shape_error(string name, Action act)
    {
        Assert.NotNull(name);
        Assert.Throws<ShapeException>(act);
    }

    public static TheoryData<string, Action> Accepted => Cases(
        ("add-bias: x of rank 1", () => Rule.AddBias(Z(3), Z(3))),
        ("softmax: rank 1", () => Rule.Softmax(Z(3))),
        ("log-softmax: rank 1", () => Rule.LogSoftmax(Z(3))),
        ("concat: rank 2", () => Rule.Concat(Z(2, 3), Z(2, 5))),
        ("slice: start 0", () => Rule.Slice(Z(2, 3), 0, 1)),
        ("slice: count 0", () => Rule.Slice(Z(2, 3), 1, 0)),
        ("slice: up to the end", () => Rule.Slice(Z(2, 3), 1, 2)),
        ("conv2d: kernel as large as the input", () => Rule.Conv2d(Z(1, 1, 4, 5), Z(1, 1, 4, 5))),
        ("conv2d: kernel as large as the padded input", () => Rule.Conv2d(Z(1, 1, 2, 2), Z(1, 1, 4, 4), padding: 1)),
        ("conv2d: 1x1 kernel", () => Rule.Conv2d(Z(1, 1, 2, 2), Z(1, 1, 1, 1))),
        ("max-pool: window as large as the input", () => Rule.MaxPool2d(Z(1, 1, 3, 3), 3, 1)),
        ("embed: the last id", () => Rule.Embed(Z(3, 2), [2, 0])),
        ("bag of words: padding", () => Rule.BagMean(Z(3, 2), [-1, 2], 2)),
        ("bag of words: rows of length 1", () => Rule.BagMean(Z(3, 2), [0, 1], 1)),
        ("channel bias: the first axis", () => Rule.ChannelBias(Z(2, 3), Z(2), axis: 0)),
        ("channel bias: the last axis, counted from the end", () => Rule.ChannelBias(Z(2, 3), Z(3), axis: -1)),
        ("channel bias: the first axis, counted from the end", () => Rule.ChannelBias(Z(2, 3), Z(2), axis: -2)),
        ("channel bias: a vector", () => Rule.ChannelBias(Z(3), Z(3), axis: 0)),
        ("batch norm: rank 2", () => Rule.BatchStandardise(Z(2, 3), 1e-5)),
        ("layer norm: rank 1", () => Rule.LayerStandardise(Z(3), 1e-5)),
        ("flatten: rank 1", () => Rule.Flatten(Z(3))));

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts_the_boundary_shapes(string name, Action act)
    {
        Assert.NotNull(name);
        act();
    }

    [Fact]
    public void Shape_errors_name_both_shapes()
    {
        Assert.Contains("[2, 3] and [4]", Assert.Throws<ShapeException>(() => Rule.AddBias(Z(2, 3), Z(4))).Message);
        Assert.Contains("[2, 3] and [2, 4]", Assert.Throws<ShapeException>(() => Rule.SoftmaxCrossEntropy(Z(2, 3), Z(2, 4))).Message);
        Assert.Contains("[2, 3] and [3, 3]", Assert.Throws<ShapeException>(() => Rule.Concat(Z(2, 3), Z(3, 3))).Message);
    }

    /// <summary>Each check names its rule, so an error from a shape check inside a model says which rule refused.</summary>
    public static TheoryData<string, Action> Named => Cases(
        ("mean squared error", () => Rule.MeanSquaredError(Z(2, 3), Z(3))),
        ("squared error", () => Rule.MeanSquaredError(Z(2, 3), Z(3), Reduction.Sum)),
        ("absolute error", () => Rule.MeanAbsoluteError(Z(2, 3), Z(3))),
        ("huber loss", () => Rule.Huber(Z(2, 3), Z(3), 1.0)),
        ("conv2d needs stride", () => Rule.Conv2d(Z(1, 1, 4, 4), Z(1, 1, 3, 3), stride: 0)),
        ("max-pool needs stride", () => Rule.MaxPool2d(Z(1, 1, 4, 4), 2, 0)),
        ("avg-pool needs stride", () => Rule.AvgPool2d(Z(1, 1, 4, 4), 2, 0)),
        ("channel-bias needs a vector of 3", () => Rule.ChannelBias(Z(2, 3), Z(4))),
        ("channel-scale needs a vector of 3", () => Rule.ChannelScale(Z(2, 3), Z(4))),
        ("channel-bias needs a channel axis", () => Rule.ChannelBias(Z(), Z(1), axis: 0)),
        ("batch norm needs x [batch, features, ...]", () => Rule.BatchStandardise(Z(4), 1e-5)));

    [Theory]
    [MemberData(nameof(Named))]
    public void Shape_errors_name_the_rule(string name, Action act) =>
        Assert.Contains(name, Assert.Throws<ShapeException>(act).Message);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Huber_rejects_a_delta_that_is_not_positive_and_finite(double delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule.Huber(Z(2), Z(2), delta));

    [Fact]
    public void Huber_accepts_a_small_positive_delta() =>
        Assert.Equal(0.0, Rule.Huber(Z(2), Z(2), 1e-12).Value.ToArray()[0]);
}
