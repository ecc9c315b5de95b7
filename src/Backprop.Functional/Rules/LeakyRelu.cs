using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Leaky ReLU: y = x where x &gt; 0, else slope·x (any shape; slope is usually 0.01).
    /// ∂L/∂x = dy where x &gt; 0, else slope·dy, so negative inputs still pass a little gradient
    /// and a unit cannot "die" as it can with ReLU. The Jacobian is diagonal: the pushforward is the same map.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> LeakyRelu<T>(Tensor<T> x, T slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => Pointwise.LeakyRelu(x.Span, slope, d));
        Tensor<T> LeakyReluPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Pointwise.LeakyReluBackward(x.Span, dy.Span, slope, d));
        return new(y, LeakyReluPullback) { Pushforward = LeakyReluPullback };
    }
}
