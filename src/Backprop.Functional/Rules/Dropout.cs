using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Inverted dropout with a given draw: y = x ⊙ m, m = 1/(1 − rate) where uniform ≥ rate, else 0, so E[y] = x.
    /// The draw <paramref name="uniform"/> (values in [0, 1), x's shape) is data, not an input: dy = dx ⊙ m and ∂L/∂x = dy ⊙ m
    /// (a diagonal Jacobian: one map both ways).
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Dropout<T>(Tensor<T> x, Tensor<T> uniform, T rate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (uniform.Shape != x.Shape) throw new ShapeException($"dropout draw has shape {uniform.Shape}, the input {x.Shape}");
        var mask = Tensor<T>.Build(x.Shape, d => DropoutMask.Fill(uniform.Span, rate, d));
        Tensor<T> DropoutPullback(Tensor<T> dy) => dy * mask;
        return new(x * mask, DropoutPullback) { Pushforward = DropoutPullback };
    }
}
