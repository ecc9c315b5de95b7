using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// The Heaviside step: y = 1 where x &gt; 0, else 0 (any shape), the activation of the original perceptron.
    /// It is here to show why it cannot be trained by gradient descent: its derivative is 0 everywhere except
    /// at 0, where it does not exist, so the pullback is ∂L/∂x = 0 for every dy (and the pushforward dy = 0 for every dx). No gradient reaches anything
    /// before a step unit; a network built on it does not learn. Use sigmoid (its smooth version) instead.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Heaviside<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => Pointwise.Heaviside(x.Span, d));
        Tensor<T> HeavisidePushforward(Tensor<T> dx) => Tensor<T>.Zeros(x.Shape);
        Tensor<T> HeavisidePullback(Tensor<T> dy) => Tensor<T>.Zeros(x.Shape);
        return new(y, HeavisidePullback) { Pushforward = HeavisidePushforward };
    }
}
