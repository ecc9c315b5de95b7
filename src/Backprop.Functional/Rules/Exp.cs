using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>y = eˣ. ∂L/∂x = dy·y.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Exp<T>(Tensor<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var y = x.Exp();
        Tensor<T> ExpPullback(Tensor<T> dy) => dy * y;
        return new(y, ExpPullback);
    }
}
