using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using static Backprop.Functional.Tests.Testing.Targets;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The directional (adjoint) check: one comparison per projection, wrong pullbacks caught, kinks retried and skipped, sparse directions.</summary>
public class DirectionalCheckTests
{
    private static CheckResult Run(CheckTarget target, GradCheckOptions? o = null)
    {
        var w = Ones(target);
        return DirectionalCheck.Run(target, new Probe(target, w), Grads(target, w), Key.Create(3), o ?? GradCheckOptions.Default, InDouble);
    }

    [Fact]
    public void A_right_pullback_passes_along_every_projection()
    {
        var result = Run(Square(Key.Create(1).Normal<double>(new Shape(4, 5))));
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(("directional", 3, 0), (result.Check, result.Checked, result.Skipped));
        Assert.StartsWith("3 directions, worst direction ", result.Detail);
        Assert.Contains("finite difference ⟨w, J·v⟩ = ", result.Detail);
        Assert.True(result.WorstRelativeError < 1e-9, result.Detail);
    }

    [Fact]
    public void The_number_of_projections_is_the_options()
    {
        var x = Key.Create(1).Normal<double>(new Shape(4));
        Assert.Equal(5, Run(Square(x), new GradCheckOptions(Projections: 5)).Checked);
        Assert.StartsWith("1 direction, worst direction 1: ", Run(Square(x), new GradCheckOptions(Projections: 1)).Detail);
    }

    [Fact]
    public void A_wrong_pullback_fails_with_its_relative_error()
    {
        var result = Run(Square(Key.Create(1).Normal<double>(new Shape(4, 5)), v => 2.2 * v));
        Assert.False(result.Passed);
        Assert.Equal(0.1 / 1.1, result.WorstRelativeError, 1e-6);
        Assert.Contains("pullback ⟨Jᵀ·w, v⟩ = ", result.Detail);
    }

    [Fact]
    public void Directions_into_a_kink_are_retried_sparser_and_skipped_when_all_fail()
    {
        var kinked = Run(Abs(X(0.0, 0.0, 0.0)), new GradCheckOptions(Projections: 2));
        Assert.True(kinked.Passed);
        Assert.Equal((0, 2), (kinked.Checked, kinked.Skipped));
        Assert.Equal("every direction ran into a kink", kinked.Detail);
        // one element of many on its kink: a sparser retry misses it
        var x = Key.Create(2).Normal<double>(new Shape(12));
        var one = Run(Abs(Tensor<double>.FromSpan(x.Shape, [0.0, .. x.ToArray()[1..]])), new GradCheckOptions(Projections: 6, KinkRetries: 8));
        Assert.True(one.Passed);
        Assert.Equal(6, one.Checked + one.Skipped);
        Assert.True(one.Checked >= 4, one.ToString());
    }

    [Fact]
    public void Without_retries_a_kink_skips_the_direction()
    {
        var x = Key.Create(2).Normal<double>(new Shape(12));
        var result = Run(Abs(Tensor<double>.FromSpan(x.Shape, [0.0, .. x.ToArray()[1..]])), new GradCheckOptions(Projections: 4, KinkRetries: 0));
        Assert.Equal((0, 4), (result.Checked, result.Skipped));
    }

    [Fact]
    public void Directions_are_standard_normal_per_input_and_masked_to_the_density()
    {
        IReadOnlyList<Tensor<double>> points = [Tensor<double>.Zeros(new Shape(100, 100)), Tensor<double>.Zeros(new Shape(100, 100))];
        var full = DirectionalCheck.Direction(points, Key.Create(4));
        Assert.Equal(2, full.Count);
        Assert.All(full, d => Assert.Equal(new Shape(100, 100), d.Shape));
        Assert.DoesNotContain(0.0, full[0].ToArray());
        Assert.NotEqual(full[0].ToArray(), full[1].ToArray());
        Assert.Equal(1.0, full[0].ToArray().Select(v => v * v).Average(), 0.05);
        var sparse = DirectionalCheck.Direction(points, Key.Create(4), 0.25);
        var kept = sparse[0].ToArray().Count(v => v != 0) / 10000.0;
        Assert.InRange(kept, 0.22, 0.28);
        Assert.All(sparse[0].ToArray().Zip(full[0].ToArray(), (s, f) => (s, f)), p => Assert.True(p.s == 0 || p.s == p.f));
    }

    private static (CheckResult Result, Recorded Record) Recording(CheckTarget target, GradCheckOptions o)
    {
        var record = new Recorded(target);
        var w = Ones(record.Target);
        var (probe, grads) = (new Probe(record.Target, w), Grads(record.Target, w));
        record.Clear();
        return (DirectionalCheck.Run(record.Target, probe, grads, Key.Create(3), o, InDouble), record);
    }

    [Fact]
    public void Each_kink_retry_samples_the_line_once_more()
    {
        var kinked = Abs(Tensor<double>.Zeros(new Shape(100)));
        var once = Recording(kinked, new GradCheckOptions(Projections: 1, KinkRetries: 0)).Record.Calls.Count - 1;
        var (result, record) = Recording(kinked, new GradCheckOptions(Projections: 1, KinkRetries: 2));
        Assert.True(once > 0);
        Assert.Equal(3 * once, record.Calls.Count - 1);                  // φ at x once, then three attempts
        Assert.Equal((0, 1), (result.Checked, result.Skipped));
    }

    [Fact]
    public void A_retry_steps_a_quarter_as_far()
    {
        var points = Tensor<double>.Zeros(new Shape(100));
        var (_, record) = Recording(Abs(points), new GradCheckOptions(Projections: 1, KinkRetries: 1));
        var once = (record.Calls.Count - 1) / 2;
        double Reach(int attempt)
        {
            var v = DirectionalCheck.Direction([points], Key.Create(3).FoldIn(0).FoldIn(attempt), Math.Pow(0.5, attempt))[0];
            return record.Calls.Skip(1 + attempt * once).Take(once).Max(xs => xs[0].MaxAbs()) / v.MaxAbs();
        }
        Assert.Equal(Reach(0) / 4, Reach(1), 1e-12 * Reach(0));
        Assert.Equal(InDouble.Step, Reach(0), 1e-12);                     // the first step is the tolerance's step at |x| ≤ 1
    }

    [Fact]
    public void The_step_scales_with_the_largest_input()
    {
        // x³ + y³ with x near 10⁴ and y near 1: a step of 10⁻⁴ at x would drown the difference in round-off
        var x = Key.Create(6).Normal<double>(new Shape(3)) * 1e4;
        var y = Key.Create(7).Normal<double>(new Shape(3));
        var target = new CheckTarget("cubes", [("x", x), ("y", y)], xs => xs[0].Map(v => v * v * v) + xs[1].Map(v => v * v * v),
            (xs, w) => [w * xs[0].Map(v => 3 * v * v), w * xs[1].Map(v => 3 * v * v)]);
        var result = Run(target);
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.WorstRelativeError < 1e-11, result.ToString());
    }

    [Fact]
    public void A_direction_along_only_one_input_is_still_a_direction()
    {
        // x sits on the kink of |x|, y is smooth: sparser retries that keep y alone find a smooth line
        var target = new CheckTarget("abs + square", [("x", X(0.0)), ("y", X(0.8))],
            xs => xs[0].Map(Math.Abs) + xs[1].Square(), (xs, w) => [w * xs[0].Map(v => (double)Math.Sign(v)), w * (2.0 * xs[1])]);
        var result = Run(target, new GradCheckOptions(Projections: 4, KinkRetries: 8));
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(4, result.Checked + result.Skipped);
        Assert.True(result.Checked >= 1, result.ToString());
    }
}
