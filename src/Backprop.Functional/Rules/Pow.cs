using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = xᵖ for a constant p. dy = dx·p·xᵖ⁻¹ and ∂L/∂x = dy·p·xᵖ⁻¹ (a diagonal Jacobian: one map both ways).</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Pow<T>(Tensor<T> x, T p) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Tensor<T> PowPullback(Tensor<T> dy) => dy * p * x.Pow(p - T.One);
        return new(x.Pow(p), PowPullback) { Pushforward = PowPullback };
    }
}
