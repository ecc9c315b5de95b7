using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = eˣ. dy = dx·y and ∂L/∂x = dy·y (a diagonal Jacobian: one map both ways).</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Exp<T>(Tensor<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = x.Exp();
        Tensor<T> ExpPullback(Tensor<T> dy) => dy * y;
        return new(y, ExpPullback) { Pushforward = ExpPullback };
    }
}
