using Backprop.Functional.Optimisers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

public class ScheduleTests
{
    private static bool NonIncreasing(Func<int, double> f, int steps) => Enumerable.Range(0, steps).All(t => f(t + 1) <= f(t));

    [Property]
    public Property Decaying_schedules_never_increase() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 200)), Arb.From(Gen.Choose(1, 99)), (every, pct) =>
        {
            var factor = pct / 100.0;
            return NonIncreasing(Schedules.StepDecay(0.1, every, factor), 1000)
                && NonIncreasing(Schedules.Exponential(0.1, factor, every), 1000)
                && NonIncreasing(Schedules.Cosine(0.1, every, factor), 1000);
        });

    [Property]
    public Property Warmup_rises_to_the_rate_then_hands_over() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 100)), warmup =>
        {
            var f = Schedules.LinearWarmup(0.1, warmup, Schedules.Cosine(0.1, 50));
            return Enumerable.Range(0, warmup - 1).All(t => f(t) < f(t + 1))
                && Math.Abs(f(warmup - 1) - 0.1) < 1e-15 && f(warmup) == 0.1 && NonIncreasing(t => f(warmup + t), 100);
        });

    [Fact]
    public void Endpoints()
    {
        Assert.Equal(0.1, Schedules.Constant(0.1)(12345));
        Assert.Equal(0.1 * 0.5 * 0.5, Schedules.StepDecay(0.1, 10, 0.5)(25), 15);
        Assert.Equal(0.1 * 0.5, Schedules.Exponential(0.1, 0.5, 10)(10), 15);
        Assert.Equal(0.1, Schedules.Cosine(0.1, 100)(0), 15);
        Assert.Equal(0.0, Schedules.Cosine(0.1, 100)(100), 15);
        Assert.Equal(0.01, Schedules.Cosine(0.1, 100, 0.1)(500), 15);
    }

    [Fact]
    public void A_scheduled_sgd_uses_the_step_count_in_its_state()
    {
        var p = Trees.Of(Backprop.Functional.Tensors.Key.Create(1), 2, 2);
        var opt = Optimiser.Sgd(Schedules.StepDecay(1.0, 1, 0.5));
        var s = opt.Init(p);
        var rates = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            (var u, s) = opt.Update(p, s, p, ExtraArgs<double>.None);
            rates.Add(-u["a/w"].Span[0] / p["a/w"].Span[0]);
        }
        Assert.Equal([1.0, 0.5, 0.25], rates);
        Assert.Equal(3, s.Count("count"));
    }

    [Fact]
    public void Bad_schedules_are_rejected_when_built()
    {
        Assert.StartsWith("cosine schedule: steps must be positive, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.Cosine(0.1, 0)).Message);
        Assert.StartsWith("step schedule: rate must be positive and finite, got -1", Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.StepDecay(-1.0, 1, 0.5)).Message);
    }

    [Fact]
    public void Values_between_the_endpoints_follow_the_formulas()
    {
        // Worked by hand from the documented formulas (optax's schedules have the same ones).
        Assert.Equal(0.1 * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * 0.25))), Schedules.Cosine(0.1, 100, 0.1)(25), 15);
        Assert.Equal(0.1 * (0.1 + 0.9 * 0.5), Schedules.Cosine(0.1, 100, 0.1)(50), 15);
        Assert.Equal(0.1 * Math.Pow(0.5, 0.25), Schedules.Exponential(0.1, 0.5, 8)(2), 15);
        Assert.Equal(0.1 * 0.5, Schedules.StepDecay(0.1, 10, 0.5)(19), 15);
        Assert.Equal(0.1, Schedules.StepDecay(0.1, 10, 0.5)(9), 15);
        var warm = Schedules.LinearWarmup(0.1, 4, Schedules.Constant(0.02));
        Assert.Equal([0.025, 0.05, 0.075, 0.1, 0.02], Enumerable.Range(0, 5).Select(t => Math.Round(warm(t), 15)));
        Assert.Equal(0.1, Schedules.LinearWarmup(0.1, 4)(10), 15);
    }

    public static TheoryData<string, Func<object>> Rejected() => new()
    {
        { "constant schedule: rate must be positive and finite, got 0", () => Schedules.Constant(0.0) },
        { "step schedule: every must be positive, got 0", () => Schedules.StepDecay(0.1, 0, 0.5) },
        { "step schedule: factor must be in (0, 1], got 0", () => Schedules.StepDecay(0.1, 5, 0.0) },
        { "step schedule: factor must be in (0, 1], got 1.5", () => Schedules.StepDecay(0.1, 5, 1.5) },
        { "exponential schedule: rate must be positive and finite, got NaN", () => Schedules.Exponential(double.NaN, 0.5, 5) },
        { "exponential schedule: steps must be positive, got -1", () => Schedules.Exponential(0.1, 0.5, -1) },
        { "exponential schedule: decay must be in (0, 1], got 0", () => Schedules.Exponential(0.1, 0.0, 5) },
        { "exponential schedule: decay must be in (0, 1], got 2", () => Schedules.Exponential(0.1, 2.0, 5) },
        { "cosine schedule: rate must be positive and finite, got -0.1", () => Schedules.Cosine(-0.1, 5) },
        { "cosine schedule: alpha must be in [0, 1], got -0.1", () => Schedules.Cosine(0.1, 5, -0.1) },
        { "cosine schedule: alpha must be in [0, 1], got 1.1", () => Schedules.Cosine(0.1, 5, 1.1) },
        { "warm-up schedule: rate must be positive and finite, got 0", () => Schedules.LinearWarmup(0.0, 5) },
        { "warm-up schedule: warmupSteps must be positive, got 0", () => Schedules.LinearWarmup(0.1, 0) },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Every_range_check_refuses_what_it_guards(string message, Func<object> build) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentOutOfRangeException>(build).Message);

    [Fact]
    public void The_boundaries_of_each_range_are_allowed()
    {
        Assert.Equal(0.1, Schedules.StepDecay(0.1, 1, 1.0)(100), 15);
        Assert.Equal(0.1, Schedules.Exponential(0.1, 1.0, 1)(100), 15);
        Assert.Equal(0.1, Schedules.Cosine(0.1, 10, 1.0)(5), 15);
        Assert.Equal(0.0, Schedules.Cosine(0.1, 10, 0.0)(10), 15);
    }
}
