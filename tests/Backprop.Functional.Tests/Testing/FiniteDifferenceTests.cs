using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The public finite difference: exact for cubics, its step scaled by |xᵢ|, one element nudged at a time.</summary>
public class FiniteDifferenceTests
{
    private static double SumOfPowers(Tensor<double> x, int power) => x.ToArray().Sum(v => Math.Pow(v, power));

    [Fact]
    public void A_cubic_is_differentiated_exactly_element_by_element()
    {
        var x = Tensor.Create<double>(new Shape(3), 0.5, -2.0, 3.0);
        for (var i = 0; i < 3; i++)
            Assert.Equal(3 * x.Span[i] * x.Span[i], FiniteDifference.Partial(t => SumOfPowers(t, 3), x, i, 0.1), 1e-12);
    }

    /// <summary>For x⁵ the extrapolated difference is 5x⁴ − h⁴/4 exactly, with h = step·max(1, |x|): at x = 10 and step 0.01, h = 0.1.</summary>
    [Fact]
    public void The_step_scales_with_the_element()
    {
        var x = Tensor.Create<double>(new Shape(2), 10.0, 0.5);
        Assert.Equal(5e4 - 2.5e-5, FiniteDifference.Partial(t => SumOfPowers(t, 5), x, 0, 0.01), 1e-8);
        Assert.Equal(5 * Math.Pow(0.5, 4) - 2.5e-9, FiniteDifference.Partial(t => Math.Pow(t.Span[1], 5), x, 1, 0.01), 1e-12);
    }

    [Fact]
    public void The_input_is_left_as_it_was()
    {
        var x = Tensor.Create<double>(new Shape(2), 1.0, 2.0);
        FiniteDifference.Partial(t => SumOfPowers(t, 2), x, 1, 0.1);
        Assert.Equal([1.0, 2.0], x.ToArray());
    }
}
