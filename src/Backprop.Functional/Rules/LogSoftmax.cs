using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// y[i, :] = log softmax(x[i, :]) = x[i, :] − logsumexp(x[i, :]) along the last axis, computed stably
    /// (the row maximum is subtracted first), so it stays finite where log(softmax(x)) gives −∞.
    /// dy = dx − ⟨softmax(x), dx⟩ and ∂L/∂x = dy − softmax(x)·Σ_j dy_j, row by row.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> LogSoftmax<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Rank < 1) throw new ShapeException($"log-softmax needs at least one axis, got {x.Shape}");
        var cols = x.Shape[-1];
        var y = Tensor<T>.Build(x.Shape, d => LogSoftmaxKernel.LogSoftmax(x.Span, d, cols));
        Tensor<T> LogSoftmaxPushforward(Tensor<T> dx) => dx - (dx * y.Exp()).Sum(-1, keepDims: true);
        Tensor<T> LogSoftmaxPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => LogSoftmaxKernel.LogSoftmaxBackward(y.Span, dy.Span, d, cols));
        return new(y, LogSoftmaxPullback) { Pushforward = LogSoftmaxPushforward };
    }
}
