using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = x with its axes reordered (axis a of y is axis axes[a] of x). dy = dx permuted the same way; ∂L/∂x = dy permuted back.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Permute<T>(Tensor<T> x, params int[] axes) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = x.Permute(axes);
        var inverse = new int[axes.Length];
        for (var a = 0; a < axes.Length; a++) inverse[axes[a] < 0 ? axes[a] + x.Rank : axes[a]] = a;
        Tensor<T> PermutePushforward(Tensor<T> dx) => dx.Permute(axes);
        Tensor<T> PermutePullback(Tensor<T> dy) => dy.Permute(inverse);
        return new(y, PermutePullback) { Pushforward = PermutePushforward };
    }

    /// <summary>y = x with its axes reversed (a matrix's transpose). dy = dxᵀ and ∂L/∂x = dyᵀ.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Transpose<T>(Tensor<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static Tensor<T> TransposePullback(Tensor<T> dy) => dy.Transpose();
        return new(x.Transpose(), TransposePullback) { Pushforward = TransposePullback };
    }
}
