using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = √x. dy = dx / (2y) and ∂L/∂x = dy / (2y) (a diagonal Jacobian: one map both ways).</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Sqrt<T>(Tensor<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = x.Sqrt();
        Tensor<T> SqrtPullback(Tensor<T> dy) => dy / (y + y);
        return new(y, SqrtPullback) { Pushforward = SqrtPullback };
    }
}
