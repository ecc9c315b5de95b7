using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// y = x[:, start..start + count, ...]: a slice along axis 1 (time steps of [b, t, f], gates of [b, 4h]).
    /// dy is the same slice of dx; ∂L/∂x is dy put back in place, zeros elsewhere.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Slice<T>(Tensor<T> x, int start, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Rank < 2 || start < 0 || count < 0 || start + count > x.Shape[1])
            throw new ShapeException($"slice {start}..{start + count} of axis 1 does not fit {x.Shape}");
        var l = LayoutAround(x.Shape, 1);
        var y = Tensor<T>.Build(new Shape([.. x.Shape.Dims.SetItem(1, count)]), d => Blocks.Slice<T>(x.Span, d, l.Outer, l.Channels, l.Inner, start, count));
        Tensor<T> SlicePushforward(Tensor<T> dx) => Tensor<T>.Build(y.Shape, d => Blocks.Slice<T>(dx.Span, d, l.Outer, l.Channels, l.Inner, start, count));
        Tensor<T> SlicePullback(Tensor<T> dy)
        {
            var dx = Tensor<T>.Zeros(x.Shape).ToArray();
            Blocks.Place<T>(dy.Span, dx, l.Outer, l.Channels, l.Inner, start, count);
            return Tensor<T>.Own(x.Shape, dx);
        }
        return new(y, SlicePullback) { Pushforward = SlicePushforward };
    }
}
