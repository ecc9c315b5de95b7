using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = tanh(x). dy = dx·(1 − y²) and ∂L/∂x = dy·(1 − y²) (a diagonal Jacobian: one map both ways).</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Tanh<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => TensorPrimitives.Tanh(x.Span, d));
        Tensor<T> TanhPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Activation.TanhBackward(y.Span, dy.Span, d));
        return new(y, TanhPullback) { Pushforward = TanhPullback };
    }
}
