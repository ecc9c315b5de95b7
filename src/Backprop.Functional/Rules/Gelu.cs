using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// GELU, the tanh approximation (as in GPT-2 and PyTorch's <c>approximate="tanh"</c>; .NET has no erf):
    /// y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), any shape. It differs from the exact x·Φ(x) by less than 10⁻³.
    /// ∂L/∂x = dy·(½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 0.134145x²)) with t the tanh above; the Jacobian
    /// is diagonal, so the pushforward is the same map.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Gelu<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Build(x.Shape, d => Pointwise.Gelu(x.Span, d));
        Tensor<T> GeluPullback(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Pointwise.GeluBackward(x.Span, dy.Span, d));
        return new(y, GeluPullback) { Pushforward = GeluPullback };
    }
}
