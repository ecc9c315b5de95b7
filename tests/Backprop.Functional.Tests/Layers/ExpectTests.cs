using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class ExpectTests
{
    private static string Error(Diff<double, Var<double>> check) =>
        Diff.Run(check, Params<double>.Empty).Match(_ => "", e => e.Message);

    [Fact]
    public void Rank_passes_an_input_of_the_rank_and_names_the_need_and_the_shape_otherwise()
    {
        var x = Tensor<double>.Zeros(new Shape(2, 3));
        Assert.Same(x, Diff.Run(Expect.Rank<double>(x, 2, "f needs a matrix"), Params<double>.Empty).OrThrow().Value);
        Assert.Equal("f needs a matrix, got [2, 3]", Error(Expect.Rank<double>(x, 3, "f needs a matrix")));
    }

    [Fact]
    public void Sequence_passes_one_time_step_or_more_and_rejects_none_or_another_rank()
    {
        var one = Tensor<double>.Zeros(new Shape(2, 1, 3));
        Assert.Same(one, Diff.Run(Expect.Sequence<double>(one, "rnn"), Params<double>.Empty).OrThrow().Value);
        Assert.Equal("rnn needs at least one time step, got input [2, 0, 3]", Error(Expect.Sequence<double>(Tensor<double>.Zeros(new Shape(2, 0, 3)), "rnn")));
        Assert.Equal("rnn needs input [batch, time, features], got [2, 3]", Error(Expect.Sequence<double>(Tensor<double>.Zeros(new Shape(2, 3)), "rnn")));
    }

    [Fact]
    public void Positive_returns_a_positive_value_and_rejects_zero_and_below_naming_the_parameter()
    {
        Assert.Equal(1, Expect.Positive(1, "size", "layer"));
        foreach (var bad in new[] { 0, -2 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Expect.Positive(bad, "size", "layer"));
            Assert.Equal("size", e.ParamName);
            Assert.Equal(bad, e.ActualValue);
            Assert.StartsWith("layer: size must be positive", e.Message);
        }
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.5, false)]
    [InlineData(0.0, true)]
    [InlineData(1.0, true)]
    public void In_range_returns_a_value_from_low_up_to_high_or_to_high_itself_when_closed(double value, bool closed) =>
        Assert.Equal(value, Expect.InRange(value, 0, 1, "p", "layer", closed));

    [Theory]
    [InlineData(1.0, false, "layer: p must be in [0, 1), got 1")]
    [InlineData(1.5, false, "layer: p must be in [0, 1), got 1.5")]
    [InlineData(1.5, true, "layer: p must be in [0, 1], got 1.5")]
    [InlineData(-0.5, true, "layer: p must be in [0, 1], got -0.5")]
    [InlineData(-0.5, false, "layer: p must be in [0, 1), got -0.5")]
    [InlineData(double.NaN, true, "layer: p must be in [0, 1], got NaN")]
    public void In_range_rejects_a_value_outside_naming_the_parameter_and_the_value(double value, bool closed, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Expect.InRange(value, 0, 1, "p", "layer", closed));
        Assert.Equal("p", e.ParamName);
        Assert.StartsWith(message, e.Message);
    }
}
