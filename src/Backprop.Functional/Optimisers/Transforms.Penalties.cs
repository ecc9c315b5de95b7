using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>
    /// L2 penalty: u′ = u + λ·θ, the gradient of (λ/2)‖θ‖² added to the gradient. Put first in a chain (before an
    /// adaptive scale) for classic L2 regularisation; put after the adaptive scale for decoupled weight decay
    /// (<see cref="AddDecayedWeights{T}"/>, which is the same function under its AdamW name).
    /// </summary>
    public static Transform<T, EmptyState<T>> L2Penalty<T>(T lambda) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.NonNegative("L2 penalty", nameof(lambda), lambda);
        return Own<T>((u, p) => u.Zip(p, (ut, pt) => ut.AddScaled(pt, lambda)));
    }

    /// <summary>u′ = u + λ·θ, placed after the adaptive scale so the decay is not divided by √v (AdamW's decoupled decay).</summary>
    public static Transform<T, EmptyState<T>> AddDecayedWeights<T>(T weightDecay) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.NonNegative("decayed weights", nameof(weightDecay), weightDecay);
        return Own<T>((u, p) => u.Zip(p, (ut, pt) => ut.AddScaled(pt, weightDecay)));
    }

    /// <summary>L1 penalty: u′ = u + λ·sign(θ), the (sub)gradient of λ‖θ‖₁ (0 at θ = 0). Pushes weights to exactly zero.</summary>
    public static Transform<T, EmptyState<T>> L1Penalty<T>(T lambda) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.NonNegative("L1 penalty", nameof(lambda), lambda);
        return Own<T>((u, p) => u.Zip(p, (ut, pt) => ut.AddScaled(Tensor<T>.Build(pt.Shape, d => Pointwise.Sign(pt.Span, d)), lambda)));
    }
}
