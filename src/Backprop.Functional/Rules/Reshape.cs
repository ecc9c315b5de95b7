using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = x seen with another shape of the same size (no copy). dy = dx seen with the new shape; ∂L/∂x = dy seen with x's shape.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Reshape<T>(Tensor<T> x, Shape shape)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> ReshapePushforward(Tensor<T> dx) => dx.Reshape(shape);
        Tensor<T> ReshapePullback(Tensor<T> dy) => dy.Reshape(x.Shape);
        return new(x.Reshape(shape), ReshapePullback) { Pushforward = ReshapePushforward };
    }

    /// <summary>[b, d1, d2, ...] → [b, d1·d2·...]: a reshape that keeps the batch axis.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Flatten<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x.Rank >= 1 ? Reshape(x, new Shape(x.Shape[0], x.Shape[0] == 0 ? 0 : x.Size / x.Shape[0]))
        : throw new ShapeException($"flatten needs a batch axis, got a scalar");
}
