using System.Runtime.InteropServices;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using static Backprop.Functional.Tests.Testing.Targets;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The purity check: repeatable outputs and pullbacks bit for bit, on the inputs and on copies, and inputs untouched.</summary>
public class PurityCheckTests
{
    private static CheckResult Run(CheckTarget target)
    {
        var before = PurityCheck.Snapshot(target);
        return PurityCheck.Run(target, Ones(target), before);
    }

    [Fact]
    public void A_pure_target_passes()
    {
        var result = Run(Square(X(1.0, -2.0)));
        Assert.True(result.Passed);
        Assert.Equal(("purity", 1), (result.Check, result.Checked));
        Assert.Equal("outputs and pullbacks bit-identical on repeat; inputs untouched", result.Detail);
    }

    [Fact]
    public void An_output_that_changes_between_runs_fails()
    {
        var calls = 0;
        var target = new CheckTarget("drifting", [("x", X(1.0))], xs => xs[0] + 1e-16 * calls++, (xs, w) => [w]);
        Assert.Equal("the output differs between two runs on the same inputs", Run(target).Detail);
    }

    /// <summary>−0 and +0 compare equal as numbers; the check compares bits, so a sign that flips is caught, and NaN equals itself.</summary>
    [Fact]
    public void Outputs_are_compared_bit_for_bit()
    {
        var calls = 0;
        var signed = new CheckTarget("signed zero", [("x", X(1.0))], xs => X(calls++ % 2 == 0 ? 0.0 : -0.0), (xs, w) => [w]);
        Assert.False(Run(signed).Passed);
        var nan = new CheckTarget("nan", [("x", X(1.0))], xs => X(double.NaN), (xs, w) => [w * double.NaN]);
        Assert.True(Run(nan).Passed, Run(nan).Detail);
    }

    [Fact]
    public void A_pullback_that_changes_between_calls_or_on_copies_fails_naming_the_input()
    {
        var calls = 0;
        var counting = new CheckTarget("counting", [("x", X(1.0)), ("b", X(2.0))], xs => xs[0] + xs[1], (xs, w) => [w, w * (1 + calls++)]);
        Assert.Equal("the pullback for b differs between two calls with the same cotangent", Run(counting).Detail);
        var x = X(1.0);
        var byReference = new CheckTarget("by reference", [("x", x)], xs => xs[0], (xs, w) => [ReferenceEquals(xs[0], x) ? w : 2.0 * w]);
        Assert.Equal("the pullback for x differs between two calls with the same cotangent", Run(byReference).Detail);
    }

    [Fact]
    public void An_input_written_through_is_named()
    {
        var x = X(1.0, 2.0);
        var target = new CheckTarget("sneaky", [("x", X(0.0)), ("h", x)], xs => xs[0], (xs, w) =>
        {
            MemoryMarshal.GetReference(xs[1].Span) = 42;
            return [w, Tensor<double>.Zeros(xs[1].Shape)];
        });
        var before = PurityCheck.Snapshot(target);
        target.Pullback(target.Points, X(1.0));
        var result = PurityCheck.Run(target, X(1.0), before);
        Assert.False(result.Passed);
        Assert.Equal("h was mutated", result.Detail);
    }
}
