using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>z = x ⊙ y (element-wise). dz = dx ⊙ y + x ⊙ dy; ∂L/∂x = dz ⊙ y, ∂L/∂y = dz ⊙ x.</summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Multiply<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> MultiplyPushforwardX(Tensor<T> dx) => dx * y;
        Tensor<T> MultiplyPushforwardY(Tensor<T> dy) => x * dy;
        Tensor<T> MultiplyPullbackX(Tensor<T> dz) => dz * y;
        Tensor<T> MultiplyPullbackY(Tensor<T> dz) => dz * x;
        Tensor<T>.Same(x, y, "*");
        return new(x * y, MultiplyPullbackX, MultiplyPullbackY) { PushforwardX = MultiplyPushforwardX, PushforwardY = MultiplyPushforwardY };
    }
}
