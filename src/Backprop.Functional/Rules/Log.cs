using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = log x (natural). dy = dx / x and ∂L/∂x = dy / x (a diagonal Jacobian: one map both ways).</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Log<T>(Tensor<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> LogPullback(Tensor<T> dy) => dy / x;
        return new(x.Log(), LogPullback) { Pushforward = LogPullback };
    }
}
