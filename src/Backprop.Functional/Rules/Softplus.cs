using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Softplus: y = log(1 + eˣ), any shape, computed stably as max(x, 0) + log(1 + e^−|x|) so that
    /// large inputs do not overflow. A smooth ReLU. ∂L/∂x = dy·σ(x); the Jacobian is
    /// diagonal, so the pushforward is the same map.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Softplus<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => Pointwise.Softplus(x.Span, d));
        Tensor<T> SoftplusPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d =>
        {
            Activation.Sigmoid(x.Span, d);
            TensorPrimitives.Multiply(d, dy.Span, d);
        });
        return new(y, SoftplusPullback) { Pushforward = SoftplusPullback };
    }
}
