using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>s = Σ x (a scalar). ds = Σ dx; ∂L/∂x = ds in every element.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Sum<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static Tensor<T> SumPushforward(Tensor<T> dx) => Tensor<T>.Scalar(dx.Sum());
        Tensor<T> SumPullback(Tensor<T> ds) => Tensor<T>.Full(x.Shape, ds.ToScalar());
        return new(Tensor<T>.Scalar(x.Sum()), SumPullback) { Pushforward = SumPushforward };
    }
}
