using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>
    /// L2 penalty: u′ = u + λ·θ, the gradient of (λ/2)‖θ‖² added to the gradient (optax's add_decayed_weights). Where
    /// it stands in a chain decides what it is: first (before an adaptive scale) it is classic L2 regularisation, the
    /// penalty rescaled like the gradient; after the adaptive scale it is AdamW's decoupled weight decay, the same for
    /// every weight whatever its gradient history.
    /// </summary>
    public static Transform<T> L2Penalty<T>(T lambda) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.NonNegative("L2 penalty", nameof(lambda), lambda);
        return Own<T>("l2_penalty", (u, p) => u.Zip(p, (ut, pt) => ut.AddScaled(pt, lambda)));
    }

    /// <summary>L1 penalty: u′ = u + λ·sign(θ), the (sub)gradient of λ‖θ‖₁ (0 at θ = 0). Pushes weights to exactly zero.</summary>
    public static Transform<T> L1Penalty<T>(T lambda) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.NonNegative("L1 penalty", nameof(lambda), lambda);
        return Own<T>("l1_penalty", (u, p) => u.Zip(p, (ut, pt) => ut.AddScaled(Tensor<T>.Build(pt.Shape, d => Pointwise.Sign(pt.Span, d)), lambda)));
    }
}
