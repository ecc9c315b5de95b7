using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// y[i, :] = softmax(x[i, :]) along the last axis. ∂L/∂x = y ⊙ (dy − ⟨dy, y⟩) row by row
    /// (the Jacobian diag(y) − y·yᵀ applied without forming it). That Jacobian is symmetric, so the pushforward
    /// dy = y ⊙ (dx − ⟨dx, y⟩) is the same map.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Softmax<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Rank < 1) throw new ShapeException($"softmax needs at least one axis, got {x.Shape}");
        var cols = x.Shape[-1];
        var y = Tensor<T>.Build(x.Shape, d => SoftmaxKernel.Softmax(x.Span, d, cols));
        Tensor<T> SoftmaxPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => SoftmaxKernel.SoftmaxBackward(y.Span, dy.Span, d, cols));
        return new(y, SoftmaxPullback) { Pushforward = SoftmaxPullback };
    }
}
