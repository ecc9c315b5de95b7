using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// y = max(x, 0). ∂L/∂x = dy where x &gt; 0, else 0 (the subgradient 0 at x = 0). The Jacobian is diagonal,
    /// so the pushforward dy = dx where x &gt; 0 is the same map.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Relu<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => Streaming.Relu(x.Span, d));
        Tensor<T> ReluPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Streaming.ReluBackward(x.Span, dy.Span, d));
        return new(y, ReluPullback) { Pushforward = ReluPullback };
    }
}
