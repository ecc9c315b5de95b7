using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// y[i, :] = x[i, :] + b: the bias broadcast over the batch (x is [batch, n], b is [n]).
    /// dy = dx + db (broadcast); ∂L/∂x = dy; ∂L/∂b = Σ_i dy[i, :], the sum over the batch, because b was used by every row.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> AddBias<T>(Tensor<T> x, Tensor<T> b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (b.Rank != 1 || x.Rank < 1 || x.Shape[-1] != b.Shape[0])
            throw new ShapeException($"add-bias needs x [.., n] and b [n], got {x.Shape} and {b.Shape}");
        var y = Tensor<T>.Build(x.Shape, d => Rowwise.AddRow(x.Span, b.Span, d));
        static Tensor<T> AddBiasPushforwardX(Tensor<T> dx) => dx;
        Tensor<T> AddBiasPushforwardB(Tensor<T> db) => Tensor<T>.Build(x.Shape, d => Rowwise.AddRow(Tensor<T>.Zeros(x.Shape).Span, db.Span, d));
        static Tensor<T> AddBiasPullbackX(Tensor<T> dy) => dy;
        Tensor<T> AddBiasPullbackB(Tensor<T> dy) => Tensor<T>.Build(b.Shape, d => Rowwise.SumRows(dy.Span, d));
        return new(y, AddBiasPullbackX, AddBiasPullbackB) { PushforwardX = AddBiasPushforwardX, PushforwardY = AddBiasPushforwardB };
    }
}
