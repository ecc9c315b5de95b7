using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Max pooling of NCHW images x [b, c, h, w] over size×size windows every stride pixels (no padding), giving
    /// [b, c, oh, ow]. dy takes dx at each window's winner; ∂L/∂x routes each dy to the element that won its window (the first one, on ties) and 0 elsewhere.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> MaxPool2d<T>(Tensor<T> x, int size, int stride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var g = PoolGeometryOf("max-pool", x.Shape, size, stride);
        var count = g.Batch * g.Channels * g.Pixels;
        var argmax = Tensor<T>.IntScratch(count);
        var y = Tensor<T>.Build(PooledShape(g), d => Pooling.MaxForward(x.Span, d, Tensor<T>.Ints(argmax, count), g));
        Tensor<T> MaxPool2dPushforward(Tensor<T> dx) => Tensor<T>.Build(y.Shape, d => Lookup.Gather<T>(dx.Span, Tensor<T>.Ints(argmax, count), d, 1));
        Tensor<T> MaxPool2dPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Pooling.MaxBackward<T>(dy.Span, Tensor<T>.Ints(argmax, count), d, g));
        return new(y, MaxPool2dPullback) { Pushforward = MaxPool2dPushforward };
    }

    private static ConvGeometry PoolGeometryOf(string op, Shape x, int size, int stride)
    {
        if (x.Rank != 4) throw new ShapeException($"{op} needs x [batch, channels, h, w], got {x}");
        var g = new ConvGeometry(x[0], x[1], x[2], x[3], x[1], size, size, stride, 0);
        CheckWindow(op, g);
        return g;
    }

    private static Shape PooledShape(ConvGeometry g) => new(g.Batch, g.Channels, g.OutHeight, g.OutWidth);
}
