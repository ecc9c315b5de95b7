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
}
