using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using static Backprop.Functional.Tests.Testing.Targets;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The linearity check: linear pullbacks pass at round-off, a non-linear one is named by its input.</summary>
public class LinearityCheckTests
{
    private static CheckTarget Two(Func<Tensor<double>, Tensor<double>, Tensor<double>> pullbackY) =>
        new("product", [("x", X(0.5, -1.0, 2.0)), ("y", X(1.5, 0.25, -0.75))], xs => xs[0] * xs[1], (xs, w) => [w * xs[1], pullbackY(xs[0], w)]);

    [Fact]
    public void A_linear_pullback_passes_for_every_input()
    {
        var result = LinearityCheck.Run(Two((x, w) => w * x), new Shape(3), Key.Create(2), 1e-9);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(("linearity", 2), (result.Check, result.Checked));
        Assert.True(result.WorstRelativeError <= 1e-15, result.ToString());
        Assert.StartsWith("x: ", result.Detail);   // the worst input, at round-off
    }

    [Fact]
    public void An_exactly_linear_pullback_says_so()
    {
        var sum = new CheckTarget("sum", [("x", X(0.5, -1.0)), ("y", X(1.5, 0.25))], xs => xs[0] + xs[1], (_, w) => [w, w]);
        var result = LinearityCheck.Run(sum, new Shape(2), Key.Create(2), 0);
        Assert.True(result.Passed);
        Assert.Equal(0, result.WorstRelativeError);
        Assert.Equal("pullback(a·w₁ + b·w₂) = a·pullback(w₁) + b·pullback(w₂) for every input", result.Detail);
    }

    [Fact]
    public void A_non_linear_pullback_is_named_by_its_input()
    {
        var result = LinearityCheck.Run(Two((x, w) => w * w * x), new Shape(3), Key.Create(2), 1e-9);
        Assert.False(result.Passed);
        Assert.StartsWith("y: pullback(a·w₁ + b·w₂) differs from a·pullback(w₁) + b·pullback(w₂) by ", result.Detail);
        Assert.True(result.WorstRelativeError > 1e-3);
    }

    /// <summary>An affine pullback (w + c): off by c·(1 − a − b), relative to the scale; the tolerance decides.</summary>
    [Fact]
    public void The_tolerance_decides()
    {
        var target = Two((x, w) => w * x + 1e-6);
        var worst = LinearityCheck.Run(target, new Shape(3), Key.Create(2), 1e-9).WorstRelativeError;
        Assert.InRange(worst, 1e-9, 1e-5);
        Assert.False(LinearityCheck.Run(target, new Shape(3), Key.Create(2), worst * 0.99).Passed);
        Assert.True(LinearityCheck.Run(target, new Shape(3), Key.Create(2), worst).Passed);
    }

    /// <summary>A pullback that cancels to ~0 for one input is measured against the largest scale of all inputs, not its own.</summary>
    [Fact]
    public void Cancellation_to_zero_is_measured_against_the_largest_input_scale()
    {
        var noisy = Two((x, w) => w.Map(v => 1e-17 * v * v));
        var result = LinearityCheck.Run(noisy, new Shape(3), Key.Create(2), 1e-9);
        Assert.True(result.Passed, result.ToString());
    }
}
