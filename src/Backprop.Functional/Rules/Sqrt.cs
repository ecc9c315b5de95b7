using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = √x. ∂L/∂x = dy / (2y).</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Sqrt<T>(Tensor<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = x.Sqrt();
        Tensor<T> SqrtPullback(Tensor<T> dy) => dy / (y + y);
        return new(y, SqrtPullback);
    }
}
