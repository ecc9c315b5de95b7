using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>z = x + y. Both pullbacks pass the cotangent through unchanged.</summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Add<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static Tensor<T> AddPullback(Tensor<T> dz) => dz;
        Tensor<T>.Same(x, y, "+");
        return new(x + y, AddPullback, AddPullback);
    }
}
