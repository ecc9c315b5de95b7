using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// ELU: y = x where x &gt; 0, else α(eˣ − 1) (any shape; α is usually 1). Smooth for α = 1,
    /// saturating at −α for very negative inputs. ∂L/∂x = dy where x &gt; 0, else dy·(y + α); the Jacobian is
    /// diagonal, so the pushforward is the same map.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Elu<T>(Tensor<T> x, T alpha)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => Pointwise.Elu(x.Span, alpha, d));
        Tensor<T> EluPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Pointwise.EluBackward(x.Span, y.Span, dy.Span, alpha, d));
        return new(y, EluPullback) { Pushforward = EluPullback };
    }
}
