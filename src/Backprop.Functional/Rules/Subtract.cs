using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>z = x − y. dz = dx − dy; ∂L/∂x = dz, ∂L/∂y = −dz.</summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Subtract<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static Tensor<T> SubtractPullbackX(Tensor<T> dz) => dz;
        static Tensor<T> SubtractPullbackY(Tensor<T> dz) => -dz;
        Tensor<T>.Same(x, y, "-");
        return new(x - y, SubtractPullbackX, SubtractPullbackY) { PushforwardX = SubtractPullbackX, PushforwardY = SubtractPullbackY };
    }
}
