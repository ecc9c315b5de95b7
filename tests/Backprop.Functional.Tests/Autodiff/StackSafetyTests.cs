using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>A recurrence h ← tanh(w ⊙ h + x) unrolled over 10,000 steps, built both ways round; long chains of maps and projections.</summary>
public class StackSafetyTests
{
    private const int Steps = 10_000;
    private static readonly Tensor<double> X = Tensor.Vector(0.1, -0.2);
    private static readonly Diff<double, Var<double>> W = Param("w", X.Shape, (_, _) => Tensor.Vector(0.9, 0.5));

    private static Diff<double, Var<double>> Cell(Var<double> w, Var<double> h) =>
        from wh in Multiply(w, h) from z in Add(wh, X) from next in Tanh(z) select next;

    /// <summary>Right-nested: each step's continuation builds the rest (a recursive definition).</summary>
    private static Diff<double, Var<double>> Unroll(Var<double> w, Var<double> h, int n) =>
        n == 0 ? Pure(h) : from next in Cell(w, h) from last in Unroll(w, next, n - 1) select last;

    [Fact]
    public void Ten_thousand_binds_nested_to_the_right_run_forward_and_backward()
    {
        var program = from w in W from h in Unroll(w, X, Steps) from s in Sum(h) select s;
        AssertRuns(program);
    }

    [Fact]
    public void Ten_thousand_binds_nested_to_the_left_run_forward_and_backward()
    {
        var program = W.SelectMany(w => Enumerable.Range(0, Steps)
                .Aggregate(Pure((Var<double>)X), (acc, _) => acc.SelectMany(h => Cell(w, h))))
            .SelectMany(Sum);
        AssertRuns(program);
    }

    [Fact]
    public void Ten_thousand_maps_and_projections_give_the_values_they_compute()
    {
        var counted = Enumerable.Range(0, Steps).Aggregate(Diff.Pure<double, int>(0), (acc, _) => acc.Select(n => n + 1));
        var summed = Enumerable.Range(0, Steps).Aggregate(Diff.Pure<double, long>(0),
            (acc, i) => from n in acc from m in Diff.Pure<double, long>(i) select n + m);
        var ordered = from a in Diff.Pure<double, int>(3) from b in Diff.Pure<double, int>(5) from c in Diff.Pure<double, int>(7) select a * 100 + b * 10 + c;
        Assert.Equal(Steps, Diff.Run(counted, Params<double>.Empty).OrThrow());
        Assert.Equal((long)Steps * (Steps - 1) / 2, Diff.Run(summed, Params<double>.Empty).OrThrow());
        Assert.Equal(357, Diff.Run(ordered, Params<double>.Empty).OrThrow());
    }

    private static void AssertRuns(Diff<double, Var<double>> program)
    {
        var p = Diff.Init(program, Key.Create(0)).OrThrow();
        var (loss, grads) = Diff.ValueAndGrad(program, p).OrThrow();
        Assert.True(double.IsFinite(loss));
        Assert.All(grads["w"].ToArray(), g => Assert.True(double.IsFinite(g) && g != 0));
    }
}
