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
    /// <summary>SGD: u = −η·g, so θ′ = θ − η·∇L. State: none. The one way to take an SGD step: <c>Optimiser.Sgd(η).Step(θ, g, state)</c>.</summary>
    public static Transform<T> Sgd<T>(T learningRate) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Scale(-Hyper.Positive("sgd", nameof(learningRate), learningRate));

    /// <summary>SGD with a scheduled rate: u = −η(t)·g. State: the step count.</summary>
    public static Transform<T> Sgd<T>(Func<int, T> learningRate) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        LearningRate("sgd", learningRate);

    /// <summary>SGD with momentum β: m′ = g + β·m, u = −η·m′. β = 0 is plain SGD.</summary>
    public static Transform<T> Momentum<T>(T learningRate, T momentum) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(Transforms.Trace(momentum), Transforms.Scale(-Hyper.Positive("momentum", nameof(learningRate), learningRate)));

    /// <summary>Nesterov momentum: m′ = g + β·m, u = −η·(g + β·m′) (the gradient taken "ahead").</summary>
    public static Transform<T> Nesterov<T>(T learningRate, T momentum) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(Transforms.Trace(momentum, nesterov: true), Transforms.Scale(-Hyper.Positive("nesterov", nameof(learningRate), learningRate)));

    /// <summary>AdaGrad: u = −η·g / (√(Σg²) + ε), the sum starting at <paramref name="initialAccumulator"/> (0.1).</summary>
    public static Transform<T> AdaGrad<T>(T learningRate, T? initialAccumulator = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(Transforms.ScaleByRss(initialAccumulator, epsilon), Transforms.Scale(-Hyper.Positive("adagrad", nameof(learningRate), learningRate)));

    /// <summary>RMSProp: u = −η·g / (√ν + ε) with ν the moving average of g² (decay 0.9).</summary>
    public static Transform<T> RmsProp<T>(T learningRate, T? decay = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(Transforms.ScaleByRms(decay, epsilon), Transforms.Scale(-Hyper.Positive("rmsprop", nameof(learningRate), learningRate)));

    /// <summary>Adam: <see cref="Transforms.ScaleByAdam{T}"/> then −η.</summary>
    public static Transform<T> Adam<T>(T learningRate, T? b1 = null, T? b2 = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(Transforms.ScaleByAdam(b1, b2, epsilon), Transforms.Scale(-Hyper.Positive("adam", nameof(learningRate), learningRate)));

    /// <summary>Adam with a scheduled learning rate η(t).</summary>
    public static Transform<T> Adam<T>(Func<int, T> learningRate, T? b1 = null, T? b2 = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(Transforms.ScaleByAdam(b1, b2, epsilon), LearningRate("adam", learningRate));

    /// <summary>
    /// AdamW: u = −η·(Adam(g) + λ·θ). The decay λθ is added after Adam's scaling (decoupled), so every weight decays
    /// at the same rate whatever its gradient history; L2Penalty(λ).Then(Adam), the penalty first, would not do that.
    /// </summary>
    public static Transform<T> AdamW<T>(
        T learningRate, T weightDecay, T? b1 = null, T? b2 = null, T? epsilon = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(
            Transforms.ScaleByAdam(b1, b2, epsilon),
            Transforms.L2Penalty(Hyper.NonNegative("adamw", nameof(weightDecay), weightDecay)),
            Transforms.Scale(-Hyper.Positive("adamw", nameof(learningRate), learningRate)));

    private static Transform<T> LearningRate<T>(string owner, Func<int, T> schedule) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Hyper.Positive(owner, "learning rate at step 0", schedule(0));
        return Transforms.ScaleBySchedule<T>(t => -schedule(t));
    }
}
