using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = x stretched to <paramref name="shape"/> by broadcasting. dy = dx stretched the same way; ∂L/∂x = dy summed back to x's shape.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> BroadcastTo<T>(Tensor<T> x, Shape shape) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> BroadcastToPushforward(Tensor<T> dx) => dx.BroadcastTo(shape);
        Tensor<T> BroadcastToPullback(Tensor<T> dy) => dy.SumTo(x.Shape);
        return new(x.BroadcastTo(shape), BroadcastToPullback) { Pushforward = BroadcastToPushforward };
    }
}
