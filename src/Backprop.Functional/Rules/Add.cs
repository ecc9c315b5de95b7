using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>z = x + y. dz = dx + dy; both pullbacks pass the cotangent through unchanged.</summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Add<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static Tensor<T> AddPushforward(Tensor<T> dx) => dx;
        static Tensor<T> AddPullback(Tensor<T> dz) => dz;
        Tensor<T>.Same(x, y, "+");
        return new(x + y, AddPullback, AddPullback) { PushforwardX = AddPushforward, PushforwardY = AddPushforward };
    }
}
