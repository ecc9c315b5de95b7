using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using static Backprop.Functional.Tests.Testing.Targets;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The element-wise check: every element compared, the worst named with both numbers, kinks skipped, tolerances honoured.</summary>
public class ElementwiseCheckTests
{
    private static (CheckResult Result, GradMismatch? Worst) Run(CheckTarget target, Tolerances? t = null)
    {
        var w = Ones(target);
        return ElementwiseCheck.Run(target, new Probe(target, w), Grads(target, w), t ?? InDouble);
    }

    [Fact]
    public void Flat_indices_unravel_in_row_major_order()
    {
        Assert.Equal([0, 1, 3], ElementwiseCheck.Unravel(7, new Shape(2, 3, 4)));
        Assert.Equal([1, 2, 3], ElementwiseCheck.Unravel(23, new Shape(2, 3, 4)));
        Assert.Equal([4], ElementwiseCheck.Unravel(4, new Shape(5)));
        Assert.Empty(ElementwiseCheck.Unravel(0, new Shape()));
    }

    [Fact]
    public void A_right_pullback_passes_on_every_element()
    {
        var (result, worst) = Run(Square(X(0.5, -1.5, 2.0)));
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(("element-wise", 3, 0), (result.Check, result.Checked, result.Skipped));
        Assert.StartsWith("3 elements, worst x[", result.Detail);
        Assert.NotNull(worst);
        Assert.True(result.WorstRelativeError < 1e-9);
        Assert.Equal(worst!.RelativeError, result.WorstRelativeError);
    }

    [Fact]
    public void One_element_reads_in_the_singular()
    {
        Assert.StartsWith("1 element, worst x[0]", Run(Square(X(0.5))).Result.Detail);
    }

    [Fact]
    public void The_worst_element_is_named_with_both_numbers()
    {
        // the pullback is 2x except at index [1, 0] (3x there) and [0, 1] (2.1x there): [1, 0] is the worst
        var x = Tensor.Create<double>(new Shape(2, 2), 1.0, 1.0, 1.0, 1.0);
        var target = Square(x, v => Tensor.Create<double>(v.Shape, 2.0, 2.1, 3.0, 2.0), path: "dense_1/w");
        var (result, worst) = Run(target);
        Assert.False(result.Passed);
        Assert.Equal("dense_1/w", worst!.Input);
        Assert.Equal([1, 0], worst.Index);
        Assert.Equal(2.0, worst.Expected, 1e-9);
        Assert.Equal(3.0, worst.Got);
        Assert.Equal(1.0 / 3, worst.RelativeError, 1e-9);
        Assert.Equal(4, result.Checked);
    }

    [Fact]
    public void Kinks_are_skipped_and_counted()
    {
        var (result, _) = Run(Abs(X(0.0, 1.0, -2.0, 0.0)));
        Assert.True(result.Passed);
        Assert.Equal((2, 2), (result.Checked, result.Skipped));
        var (none, worst) = Run(Abs(X(0.0, 0.0)));
        Assert.Equal("no element away from a kink", none.Detail);
        Assert.True(none.Passed);   // nothing to compare is no failure: the other checks decide
        Assert.Null(worst);
        Assert.Equal(0, none.WorstRelativeError);
    }

    /// <summary>The derivative at x = 1 is 2; a pullback off by a relative 1e-7 passes at 1e-6, one off by 1e-5 does not, unless the tolerance is 1e-4.</summary>
    [Theory]
    [InlineData(1e-7, null, true)]
    [InlineData(1e-5, null, false)]
    [InlineData(1e-5, 1e-4, true)]
    public void The_relative_tolerance_decides(double off, double? relative, bool passes)
    {
        var t = Tolerances.For(new GradCheckOptions(RelativeTolerance: relative), LineSamples.MachineEpsilon);
        Assert.Equal(passes, Run(Square(X(1.0), v => 2.0 * (1 + off) * v), t).Result.Passed);
    }

    /// <summary>Where the derivative is 0 (x = 0), the absolute tolerance (1e-8) decides.</summary>
    [Theory]
    [InlineData(5e-9, true)]
    [InlineData(5e-8, false)]
    public void The_absolute_tolerance_decides_near_zero(double got, bool passes)
    {
        Assert.Equal(passes, Run(Square(X(0.0), v => v.Map(_ => got))).Result.Passed);
    }
}
