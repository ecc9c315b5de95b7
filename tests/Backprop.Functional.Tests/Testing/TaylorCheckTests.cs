using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using static Backprop.Functional.Tests.Testing.Targets;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The Taylor-remainder check: rate 2 for a right gradient, 1 for a wrong one, exact for a linear map, skipped at kinks.</summary>
public class TaylorCheckTests
{
    private static CheckResult Run(CheckTarget target, GradCheckOptions? o = null)
    {
        var w = Ones(target);
        return TaylorCheck.Run(target, new Probe(target, w), Grads(target, w), Key.Create(5), o ?? GradCheckOptions.Default);
    }

    private static CheckTarget Tanh(Tensor<double> x, double scale = 1) =>
        new("tanh", [("x", x)], xs => Rule.Tanh(xs[0]).Value, (xs, w) => [scale * Rule.Tanh(xs[0]).Pullback(w)]);

    [Fact]
    public void A_right_gradient_shrinks_at_rate_two()
    {
        var result = Run(Tanh(Key.Create(1).Normal<double>(new Shape(3, 4))));
        Assert.True(result.Passed, result.ToString());
        Assert.Equal("taylor", result.Check);
        Assert.InRange(result.Rate!.Value, 1.8, 2.2);
        Assert.StartsWith("remainder shrinks at rate ", result.Detail);
        Assert.Contains("(2 for a right gradient, 1 for a wrong one), r(", result.Detail);
        Assert.InRange(result.Checked, 4, 14);
        Assert.Equal(0, result.Skipped);
    }

    [Fact]
    public void A_wrong_gradient_shrinks_at_rate_one()
    {
        var result = Run(Tanh(Key.Create(1).Normal<double>(new Shape(3, 4)), scale: 1.1));
        Assert.False(result.Passed, result.ToString());
        Assert.InRange(result.Rate!.Value, 0.8, 1.2);
        Assert.True(result.Rate < TaylorCheck.PassingRate);
    }

    [Fact]
    public void A_linear_map_is_exact()
    {
        var x = Key.Create(1).Normal<double>(new Shape(5));
        var result = Run(new CheckTarget("triple", [("x", x)], xs => 3.0 * xs[0], (_, w) => [3.0 * w]));
        Assert.True(result.Passed);
        Assert.Equal(double.PositiveInfinity, result.Rate);
        Assert.Equal("remainder at round-off: φ is linear along the direction (exact)", result.Detail);
    }

    [Fact]
    public void Kinks_at_every_scale_skip_the_check()
    {
        var result = Run(Abs(X(0.0, 0.0)), new GradCheckOptions(KinkRetries: 2));
        Assert.True(result.Passed);
        Assert.Null(result.Rate);
        Assert.Equal((0, 3), (result.Checked, result.Skipped));
        Assert.Equal("every direction ran into a kink", result.Detail);
    }

    [Fact]
    public void A_gradient_wrong_in_one_element_is_caught()
    {
        var x = Key.Create(1).Normal<double>(new Shape(8));
        var result = Run(Square(x, v => 2.0 * v + Tensor.Create<double>(v.Shape, 0, 0, 0, 0.3, 0, 0, 0, 0)));
        Assert.False(result.Passed, result.ToString());
    }
}
