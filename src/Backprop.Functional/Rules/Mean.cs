using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>m = (1/n) Σ x (a scalar). dm = mean(dx); ∂L/∂x = dm / n in every element.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Mean<T>(Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var n = T.CreateChecked(Math.Max(1, x.Size));
        Tensor<T> MeanPushforward(Tensor<T> dx) => Tensor<T>.Scalar(dx.Sum() / n);
        Tensor<T> MeanPullback(Tensor<T> dm) => Tensor<T>.Full(x.Shape, dm.ToScalar() / n);
        return new(Tensor<T>.Scalar(x.Sum() / n), MeanPullback) { Pushforward = MeanPushforward };
    }
}
