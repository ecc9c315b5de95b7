using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// z = x / y, broadcast (shapes align at the last axis, size-1 axes stretch).
    /// dz = dx / y − z·dy / y; ∂L/∂x = (dz / y) summed back to x's shape, ∂L/∂y = (−dz·z / y) summed back to y's shape.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Divide<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var z = x / y;
        Tensor<T> DividePushforwardX(Tensor<T> dx) => (dx / y).BroadcastTo(z.Shape);
        Tensor<T> DividePushforwardY(Tensor<T> dy) => (-dy * z / y).BroadcastTo(z.Shape);
        Tensor<T> DividePullbackX(Tensor<T> dz) => (dz / y).SumTo(x.Shape);
        Tensor<T> DividePullbackY(Tensor<T> dz) => (-dz * z / y).SumTo(y.Shape);
        return new(z, DividePullbackX, DividePullbackY) { PushforwardX = DividePushforwardX, PushforwardY = DividePushforwardY };
    }
}
