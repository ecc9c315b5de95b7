using System.Numerics;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// The usual optimisers as ready-made chains of <see cref="Transforms"/>, each ending with the learning rate as a
/// negative scale (a constant rate) or a negative scheduled scale (a <see cref="Schedules"/> function). Every
/// learning rate must be positive and finite; hyper-parameters are checked here, when the optimiser is built, and a
/// bad one throws <see cref="ArgumentOutOfRangeException"/> naming the optimiser, the parameter and the value.
/// </summary>
public static class Optimiser
{
    /// <summary>SGD: u = −η·g. State: none.</summary>
    public static Transform<T, EmptyState<T>> Sgd<T>(T learningRate) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Scale(-Hyper.Positive("sgd", nameof(learningRate), learningRate));

    /// <summary>SGD with a scheduled rate: u = −η(t)·g. State: the step count.</summary>
    public static Transform<T, CountState<T>> Sgd<T>(Func<int, T> learningRate) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LearningRate("sgd", learningRate);

    /// <summary>SGD with momentum β: m′ = g + β·m, u = −η·m′. β = 0 is plain SGD.</summary>
    public static Transform<T, ChainState<T, TraceState<T>, EmptyState<T>>> Momentum<T>(T learningRate, T momentum) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Trace(momentum).Then(Transforms.Scale(-Hyper.Positive("momentum", nameof(learningRate), learningRate)));

    /// <summary>Nesterov momentum: m′ = g + β·m, u = −η·(g + β·m′) (the gradient taken "ahead").</summary>
    public static Transform<T, ChainState<T, TraceState<T>, EmptyState<T>>> Nesterov<T>(T learningRate, T momentum) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Trace(momentum, nesterov: true).Then(Transforms.Scale(-Hyper.Positive("nesterov", nameof(learningRate), learningRate)));

    /// <summary>AdaGrad: u = −η·g / (√(Σg²) + ε), the sum starting at <paramref name="initialAccumulator"/> (0.1).</summary>
    public static Transform<T, ChainState<T, AccumulatorState<T>, EmptyState<T>>> AdaGrad<T>(T learningRate, T? initialAccumulator = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.ScaleByRss(initialAccumulator, epsilon).Then(Transforms.Scale(-Hyper.Positive("adagrad", nameof(learningRate), learningRate)));

    /// <summary>RMSProp: u = −η·g / (√ν + ε) with ν the moving average of g² (decay 0.9).</summary>
    public static Transform<T, ChainState<T, AccumulatorState<T>, EmptyState<T>>> RmsProp<T>(T learningRate, T? decay = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.ScaleByRms(decay, epsilon).Then(Transforms.Scale(-Hyper.Positive("rmsprop", nameof(learningRate), learningRate)));

    /// <summary>Adam: <see cref="Transforms.ScaleByAdam{T}"/> then −η.</summary>
    public static Transform<T, ChainState<T, AdamState<T>, EmptyState<T>>> Adam<T>(T learningRate, T? b1 = null, T? b2 = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.ScaleByAdam(b1, b2, epsilon).Then(Transforms.Scale(-Hyper.Positive("adam", nameof(learningRate), learningRate)));

    /// <summary>Adam with a scheduled learning rate η(t).</summary>
    public static Transform<T, ChainState<T, AdamState<T>, CountState<T>>> Adam<T>(Func<int, T> learningRate, T? b1 = null, T? b2 = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.ScaleByAdam(b1, b2, epsilon).Then(LearningRate("adam", learningRate));

    /// <summary>
    /// AdamW: u = −η·(Adam(g) + λ·θ). The decay λθ is added after Adam's scaling (decoupled), so every weight decays
    /// at the same rate whatever its gradient history; L2Penalty(λ).Then(Adam), the penalty first, would not do that.
    /// </summary>
    public static Transform<T, ChainState<T, ChainState<T, AdamState<T>, EmptyState<T>>, EmptyState<T>>> AdamW<T>(
        T learningRate, T weightDecay, T? b1 = null, T? b2 = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.ScaleByAdam(b1, b2, epsilon)
            .Then(Transforms.L2Penalty(Hyper.NonNegative("adamw", nameof(weightDecay), weightDecay)))
            .Then(Transforms.Scale(-Hyper.Positive("adamw", nameof(learningRate), learningRate)));

    private static Transform<T, CountState<T>> LearningRate<T>(string owner, Func<int, T> schedule) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Hyper.Positive(owner, "learning rate at step 0", schedule(0));
        return Transforms.ScaleBySchedule<T>(t => -schedule(t));
    }
}
