using System.Numerics;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// Learning-rate schedules: pure functions step ↦ rate (step = 0 for the first update). Give one to an optimiser
/// (<c>Optimiser.Sgd(Schedules.Cosine(0.1f, 1000))</c>) or to <see cref="Transforms.ScaleBySchedule{T}"/>; the step
/// count lives in the optimiser's state. Hyper-parameters are checked when the schedule is built.
/// </summary>
public static class Schedules
{
    /// <summary>η(t) = rate.</summary>
    public static Func<int, T> Constant<T>(T rate) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Positive("constant schedule", nameof(rate), rate);
        return _ => rate;
    }

    /// <summary>η(t) = rate·factor^⌊t / every⌋: multiplied by <paramref name="factor"/> ∈ (0, 1] every <paramref name="every"/> steps.</summary>
    public static Func<int, T> StepDecay<T>(T rate, int every, T factor) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Positive("step schedule", nameof(rate), rate);
        Hyper.PositiveCount("step schedule", nameof(every), every);
        if (!(factor > T.Zero && factor <= T.One))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"step schedule: factor must be in (0, 1], got {factor}");
        return t => rate * T.Pow(factor, T.CreateChecked(Math.Max(0, t) / every));
    }

    /// <summary>η(t) = rate·decay^(t / steps): smooth exponential decay, by <paramref name="decay"/> ∈ (0, 1] every <paramref name="steps"/> steps.</summary>
    public static Func<int, T> Exponential<T>(T rate, T decay, int steps) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Positive("exponential schedule", nameof(rate), rate);
        Hyper.PositiveCount("exponential schedule", nameof(steps), steps);
        if (!(decay > T.Zero && decay <= T.One))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, $"exponential schedule: decay must be in (0, 1], got {decay}");
        return t => rate * T.Pow(decay, T.CreateChecked(Math.Max(0, t)) / T.CreateChecked(steps));
    }

    /// <summary>
    /// Cosine decay: η(t) = rate·(α + (1 − α)·½(1 + cos(π·min(t, steps)/steps))), from <paramref name="rate"/>
    /// down to α·rate at step <paramref name="steps"/>, then flat. α ∈ [0, 1] defaults to 0.
    /// </summary>
    public static Func<int, T> Cosine<T>(T rate, int steps, T? alpha = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Positive("cosine schedule", nameof(rate), rate);
        Hyper.PositiveCount("cosine schedule", nameof(steps), steps);
        var a = alpha ?? T.Zero;
        if (!(a >= T.Zero && a <= T.One))
            throw new ArgumentOutOfRangeException(nameof(alpha), a, $"cosine schedule: alpha must be in [0, 1], got {a}");
        var half = T.CreateChecked(0.5);
        return t =>
        {
            var progress = T.CreateChecked(Math.Clamp(t, 0, steps)) / T.CreateChecked(steps);
            return rate * (a + (T.One - a) * half * (T.One + T.CosPi(progress)));
        };
    }

    /// <summary>
    /// Linear warm-up: η(t) rises linearly from rate/warmupSteps at t = 0 to <paramref name="rate"/> at
    /// t = warmupSteps − 1, then follows <paramref name="after"/>(t − warmupSteps) (constant rate if none).
    /// Large early steps on a fresh network are what warm-up prevents.
    /// </summary>
    public static Func<int, T> LinearWarmup<T>(T rate, int warmupSteps, Func<int, T>? after = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Positive("warm-up schedule", nameof(rate), rate);
        Hyper.PositiveCount("warm-up schedule", nameof(warmupSteps), warmupSteps);
        var then = after ?? (_ => rate);
        return t => t < warmupSteps ? rate * T.CreateChecked(Math.Max(0, t) + 1) / T.CreateChecked(warmupSteps) : then(t - warmupSteps);
    }
}
