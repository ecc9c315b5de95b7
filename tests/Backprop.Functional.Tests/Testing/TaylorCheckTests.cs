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

    // Scripted directions: the forward changes every 29 evaluations (φ at x, then 14 steps each way), so each
    // direction the majority vote asks for can be made to pass or fail. The pullback is always 2x at x0.
    private static readonly Tensor<double> X0 = X(0.7, -1.3, 0.4);
    private const int PerDirection = 29;
    private static Tensor<double> Quadratic(IReadOnlyList<Tensor<double>> xs) => xs[0].Square();
    private static Tensor<double> Wrong(IReadOnlyList<Tensor<double>> xs) => xs[0].Square() + 0.3 * xs[0];
    private static Tensor<double> Linear(IReadOnlyList<Tensor<double>> xs) => 2.0 * (X0 * xs[0]) - X0.Square();

    private static (CheckResult Result, Recorded Record) Scripted(params Func<IReadOnlyList<Tensor<double>>, Tensor<double>>[] directions)
    {
        var record = new Recorded(Square(X0), i => directions[Math.Min(i / PerDirection, directions.Length - 1)]);
        var w = Ones(record.Target);
        var (probe, grads) = (new Probe(record.Target, w), Grads(record.Target, w));
        record.Clear();
        return (TaylorCheck.Run(record.Target, probe, grads, Key.Create(5), GradCheckOptions.Default), record);
    }

    /// <summary>The direction of the j-th vote, read from its first step (h = 0.1).</summary>
    private static double[] DirectionOf(Recorded record, int j) =>
        [.. ((record.Calls[j * PerDirection + 1][0] - X0) * 10.0).ToArray()];

    private static void Near(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual, (e, a) => (e, a)), p => Assert.Equal(p.e, p.a, 1e-12));
    }

    private static readonly Key SecondVote = Key.Create(5).FoldIn(1001).FoldIn(0);

    private static double[] Expected(Key key) => DirectionalCheck.Direction([X0], key)[0].ToArray();

    [Fact]
    public void Two_passing_directions_decide_without_a_third()
    {
        var (result, record) = Scripted(Quadratic, Quadratic, Wrong);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(2 * PerDirection, record.Calls.Count);
        Near(Expected(Key.Create(5).FoldIn(0)), DirectionOf(record, 0));
        Near(Expected(Key.Create(5).FoldIn(1001).FoldIn(0)), DirectionOf(record, 1));
    }

    [Fact]
    public void Two_failing_directions_decide_without_a_third()
    {
        var (result, record) = Scripted(Wrong, Wrong, Quadratic);
        Assert.False(result.Passed, result.ToString());
        Assert.Equal(2 * PerDirection, record.Calls.Count);
        Assert.InRange(result.Rate!.Value, 0.8, 1.2);
    }

    [Fact]
    public void A_split_vote_takes_a_third_direction_and_reports_the_last_of_the_majority()
    {
        var (passing, record) = Scripted(Quadratic, Wrong, Linear);
        Assert.True(passing.Passed, passing.ToString());
        Assert.Equal(3 * PerDirection, record.Calls.Count);
        Near(Expected(Key.Create(5).FoldIn(1002).FoldIn(0)), DirectionOf(record, 2));
        Assert.Equal(double.PositiveInfinity, passing.Rate);              // the linear third, not the quadratic first
        var (failing, again) = Scripted(Wrong, Quadratic, Wrong);
        Assert.False(failing.Passed, failing.ToString());
        Assert.Equal(3 * PerDirection, again.Calls.Count);
    }

    [Fact]
    public void Each_kink_retry_takes_fourteen_steps_each_way()
    {
        var record = new Recorded(Abs(Tensor<double>.Zeros(new Shape(50))));
        var w = Ones(record.Target);
        var (probe, grads) = (new Probe(record.Target, w), Grads(record.Target, w));
        record.Clear();
        var result = TaylorCheck.Run(record.Target, probe, grads, Key.Create(5), new GradCheckOptions(KinkRetries: 2));
        Assert.Equal(("taylor", true, 3), (result.Check, result.Passed, result.Skipped));
        Assert.Equal(2 * (1 + 3 * 28), record.Calls.Count);              // two votes, three attempts each
    }

    [Fact]
    public void A_direction_empty_on_every_input_is_not_a_direction()
    {
        // x sits on the kink of |x|, y is smooth: a sparser retry that keeps only y is a valid direction, one that keeps neither is not
        var target = new CheckTarget("abs + square", [("x", X(0.0)), ("y", X(0.8))],
            xs => xs[0].Map(Math.Abs) + xs[1].Square(), (xs, w) => [w * xs[0].Map(v => (double)Math.Sign(v)), w * (2.0 * xs[1])]);
        var result = Run(target, new GradCheckOptions(KinkRetries: 8));
        Assert.True(result.Passed, result.ToString());
        Assert.InRange(result.Rate!.Value, 1.8, 2.2);
        Assert.InRange(result.Skipped, 1, 8);
    }

    [Fact]
    public void Only_the_steps_below_the_nearest_kink_count()
    {
        // |x − c| with c just beyond the fourth-smallest step along the second vote's direction (two passing votes report
        // the second): exactly four smooth steps
        var x0 = X(0.7);
        var v = DirectionalCheck.Direction([x0], SecondVote)[0].ToArray()[0];
        var c = 0.7 + 1.5 * (0.1 / 1024) * v;
        var target = new CheckTarget("square + kink", [("x", x0)], xs => xs[0].Square() + xs[0].Map(t => Math.Abs(t - c)),
            (xs, w) => [w * (2.0 * xs[0] + xs[0].Map(t => (double)Math.Sign(t - c)))]);
        var result = Run(target);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal((4, 0), (result.Checked, result.Skipped));
        Assert.InRange(result.Rate!.Value, 1.9, 2.1);
        var linear = Run(target with { Forward = xs => xs[0].Map(t => Math.Abs(t - c)), Pullback = (xs, w) => [w * xs[0].Map(t => (double)Math.Sign(t - c))] });
        Assert.Equal((true, double.PositiveInfinity, 4, 0), (linear.Passed, linear.Rate, linear.Checked, linear.Skipped));
    }

    [Fact]
    public void The_relative_remainder_is_at_the_smallest_step()
    {
        var x0 = X(0.7);
        var v = DirectionalCheck.Direction([x0], SecondVote)[0].ToArray()[0];
        var h = 0.1 * Math.Pow(0.5, 13);
        var result = Run(Square(x0));
        Assert.Equal(h * h * v * v / Math.Abs(2 * 0.7 * h * v + h * h * v * v), result.WorstRelativeError, 1e-6 * result.WorstRelativeError);
        Assert.Equal(14, result.Checked);
    }

    [Fact]
    public void A_map_that_is_zero_everywhere_is_exact()
    {
        var result = Run(new CheckTarget("zero", [("x", X(0.7, -1.3))], xs => 0.0 * xs[0], (_, w) => [0.0 * w]));
        Assert.Equal(("taylor", true, double.PositiveInfinity, 14), (result.Check, result.Passed, result.Rate, result.Checked));
        Assert.Equal("remainder at round-off: φ is linear along the direction (exact)", result.Detail);
    }

    [Fact]
    public void Round_off_where_the_map_cancels_to_zero_is_not_a_rate()
    {
        // x + b at b = −x: φ is exactly 0 at the point, so its own size gives no noise floor; the summed terms do
        var x = Key.Create(8).Normal<double>(new Shape(40)) * 1000.0;
        var target = new CheckTarget("x + b", [("x", x), ("b", -1.0 * x)], xs => xs[0] + xs[1], (_, w) => [w, w]);
        var result = Run(target);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(double.PositiveInfinity, result.Rate);
    }

    [Fact]
    public void The_rate_is_the_mean_of_the_last_two_halvings()
    {
        // x³ near 0: r(h) = h²v²·|3x + hv|, between a quadratic and a cubic regime, so the last two rates differ
        var v = DirectionalCheck.Direction([X(1.0)], SecondVote)[0].ToArray()[0];
        var h = Enumerable.Range(0, 14).Select(k => 0.1 * Math.Pow(0.5, k)).ToArray();
        var x0 = h[13] * v / 3;
        double R(int k) => h[k] * h[k] * v * v * Math.Abs(3 * x0 + h[k] * v);
        var result = Run(new CheckTarget("cube", [("x", X(x0))], xs => xs[0].Map(t => t * t * t), (xs, w) => [w * xs[0].Map(t => 3 * t * t)]));
        var expected = (Math.Log2(R(11) / R(12)) + Math.Log2(R(12) / R(13))) / 2;
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(expected, result.Rate!.Value, 1e-6);
        Assert.True(Math.Log2(R(11) / R(12)) - Math.Log2(R(12) / R(13)) > 0.05);   // the two rates do differ
    }
}
