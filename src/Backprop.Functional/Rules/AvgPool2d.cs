using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Average pooling of NCHW images x [b, c, h, w] over size×size windows every stride pixels (no padding).
    /// dy is the average pool of dx (the map is linear); ∂L/∂x spreads each dy evenly, dy/size², over its window; overlapping windows add up.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> AvgPool2d<T>(Tensor<T> x, int size, int stride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var g = PoolGeometryOf("avg-pool", x.Shape, size, stride);
        var y = Tensor<T>.Build(PooledShape(g), d => Pooling.AverageForward(x.Span, d, g));
        Tensor<T> AvgPool2dPushforward(Tensor<T> dx) => Tensor<T>.Build(y.Shape, d => Pooling.AverageForward(dx.Span, d, g));
        Tensor<T> AvgPool2dPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Pooling.AverageBackward(dy.Span, d, g));
        return new(y, AvgPool2dPullback) { Pushforward = AvgPool2dPushforward };
    }
}
