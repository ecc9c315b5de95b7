using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>u′ = clamp(u, −max, max) in every coordinate. Bounds each step, but changes its direction.</summary>
    public static Transform<T> ClipByValue<T>(T max) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Positive("clip by value", nameof(max), max);
        return Own<T>("clip_by_value", (u, _) => u.Map(t => Tensor<T>.Build(t.Shape, d => Pointwise.Clamp(t.Span, max, d))));
    }

    /// <summary>
    /// u′ = u·min(1, max / ‖u‖) with ‖u‖ the norm of the whole tree (all parameters as one vector): the step is
    /// shortened to length <paramref name="maxNorm"/> when longer, and its direction is kept. A non-finite norm
    /// passes through unchanged (the training loop's guard rejects the step).
    /// </summary>
    public static Transform<T> ClipByGlobalNorm<T>(T maxNorm) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Positive("clip by global norm", nameof(maxNorm), maxNorm);
        return Own<T>("clip_by_global_norm", (u, _) =>
        {
            var norm = u.Norm();
            return T.IsFinite(norm) && norm > maxNorm ? (maxNorm / norm) * u : u;
        });
    }
}
