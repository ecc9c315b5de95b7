using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// z = [x, y] along axis 1 (x [b, n, ...], y [b, m, ...] → [b, n + m, ...]).
    /// dz = [dx, dy]; ∂L/∂x = dz[:, ..n], ∂L/∂y = dz[:, n..].
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Concat<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Rank < 2 || x.Rank != y.Rank || !SameExceptAxis1(x.Shape, y.Shape))
            throw new ShapeException($"concat along axis 1 needs shapes that differ only there, got {x.Shape} and {y.Shape}");
        int n = x.Shape[1], m = y.Shape[1];
        var lx = LayoutAround(x.Shape, 1);
        var shape = new Shape([.. x.Shape.Dims.SetItem(1, n + m)]);
        var z = Tensor<T>.Build(shape, d =>
        {
            Blocks.Place<T>(x.Span, d, lx.Outer, n + m, lx.Inner, 0, n);
            Blocks.Place<T>(y.Span, d, lx.Outer, n + m, lx.Inner, n, m);
        });
        Tensor<T> ConcatPushforwardX(Tensor<T> dx) => Tensor<T>.Build(shape, d => { d.Clear(); Blocks.Place<T>(dx.Span, d, lx.Outer, n + m, lx.Inner, 0, n); });
        Tensor<T> ConcatPushforwardY(Tensor<T> dy) => Tensor<T>.Build(shape, d => { d.Clear(); Blocks.Place<T>(dy.Span, d, lx.Outer, n + m, lx.Inner, n, m); });
        Tensor<T> ConcatPullbackX(Tensor<T> dz) => Slice(dz, 0, n).Value;
        Tensor<T> ConcatPullbackY(Tensor<T> dz) => Slice(dz, n, m).Value;
        return new(z, ConcatPullbackX, ConcatPullbackY) { PushforwardX = ConcatPushforwardX, PushforwardY = ConcatPushforwardY };
    }

    private static bool SameExceptAxis1(Shape a, Shape b)
    {
        for (var i = 0; i < a.Rank; i++)
            if (i != 1 && a[i] != b[i]) return false;
        return true;
    }
}
