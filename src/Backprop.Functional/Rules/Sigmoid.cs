using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = 1 / (1 + e^−x). ∂L/∂x = dy · y(1 − y), which is at most dy / 4: the root of vanishing gradients.
    /// The Jacobian is diagonal, so the pushforward dy = dx·y(1 − y) is the same map.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Sigmoid<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => Activation.Sigmoid(x.Span, d));
        Tensor<T> SigmoidPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Activation.SigmoidBackward(y.Span, dy.Span, d));
        return new(y, SigmoidPullback) { Pushforward = SigmoidPullback };
    }
}
