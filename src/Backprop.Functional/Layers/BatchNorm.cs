using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Batch normalisation: y = γ·(x − μ)/√(σ² + ε) + β per feature (axis 1). In training μ and σ² are the batch's
/// (over the batch, and over h and w for images) and the running statistics are moved towards them:
/// running ← (1 − momentum)·running + momentum·batch (the variance unbiased, as in PyTorch). In evaluation μ and σ²
/// are the running statistics. The statistics are state, not parameters: read with <see cref="Diff.ReadState{T}"/> and
/// written with <see cref="Diff.WriteState{T}"/>, returned as <c>GradResult.State</c>, never mutated. Init returns
/// the initial state (mean 0, variance 1); a training run given no state starts from it; evaluation needs the state.
/// Inputs: x [batch, features] or [batch, channels, h, w]; in training, more than one value per feature.
/// Returns: y of x's shape.
/// Parameters: "gamma" [features] (ones), "beta" [features] (zeros).
/// State: "running_mean" [features] (zeros), "running_var" [features] (ones).
/// </summary>
public static class BatchNorm
{
    public static Layer<T> Create<T>(double momentum = 0.1, double epsilon = 1e-5, string name = "batch_norm")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = T.CreateChecked(Expect.InRange(momentum, 0, 1, nameof(momentum), name, closed: true));
        var eps = epsilon > 0 ? T.CreateChecked(epsilon)
            : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{name}: epsilon must be positive");
        return x => Diff.Scope(name,
            from _ in x.Shape.Rank is 2 or 4 && x.Shape[1] > 0 ? Diff.Pure<T, Var<T>>(x)
                : Diff.Step<T, Var<T>>(_ => throw new ShapeException($"batch norm needs input [batch, features] or [batch, channels, h, w] with at least one feature, got {x.Shape}"))
            from gamma in Diff.Param("gamma", new Shape(x.Shape[1]), Initialisers.Ones<T>())
            from beta in Diff.Param("beta", new Shape(x.Shape[1]), Initialisers.Zeros<T>())
            from training in Diff.IsTraining<T>()
            from xhat in training ? Batch(x, m, eps) : Running(x, eps)
            from scaled in Ops.ChannelScale(xhat, gamma)
            from y in Ops.ChannelBias(scaled, beta)
            select y);
    }

    private static Diff<T, Var<T>> Batch<T>(Var<T> x, T momentum, T epsilon) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var features = new Shape(x.Shape[1]);
        var count = x.Shape.Size / x.Shape[1];
        return
            from s in Diff.Step<T, Standardised<T>>(tape => count > 1 ? tape.Pooled(() => Rule.BatchStandardise(x.Raw, epsilon))
                : throw new ShapeException($"batch norm needs more than one value per feature in training, got {x.Shape}"))
            from xhat in Diff.Primitive("batch_norm", _ => s.Pulled, x)
            from initialising in Diff.Step<T, bool>(tape => tape.Mode == RunMode.Init)
            from mean in StateOrInitial("running_mean", features, Tensor<T>.Zeros)
            from variance in StateOrInitial("running_var", features, Tensor<T>.Ones)
            from __ in initialising ? Diff.Pure<T, Tensor<T>>(mean)
                : Diff.WriteState("running_mean", mean.AddScaled(s.Mean - mean, momentum))
            from ___ in initialising ? Diff.Pure<T, Tensor<T>>(variance)
                : Diff.WriteState("running_var", variance.AddScaled(Unbiased(s.Variance, count) - variance, momentum))
            select xhat;
    }

    private static Diff<T, Var<T>> Running<T>(Var<T> x, T epsilon) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var features = new Shape(x.Shape[1]);
        return
            from mean in Diff.ReadState("running_mean", features, Tensor<T>.Zeros)
            from variance in Diff.ReadState("running_var", features, Tensor<T>.Ones)
            let scale = Tensor<T>.Build(features, d =>
            {
                TensorPrimitives.Add(variance.Span, epsilon, d);
                TensorPrimitives.ReciprocalSqrt(d, d);
            })
            from h in Ops.ChannelScale(x, scale)
            from y in Ops.ChannelBias(h, -(mean * scale))
            select y;
    }

    /// <summary>The state tensor, or its initial value when a training run was given no state.</summary>
    private static Diff<T, Tensor<T>> StateOrInitial<T>(string name, Shape shape, Func<Shape, Tensor<T>> init)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Step<T, Tensor<T>>(tape => tape.Mode == RunMode.Init || tape.State.Contains(tape.PathOf(name))
            ? tape.ReadState(name, shape, init) : init(shape));

    private static Tensor<T> Unbiased<T>(Tensor<T> variance, int count) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        T.CreateChecked(count / (count - 1.0)) * variance;
}
