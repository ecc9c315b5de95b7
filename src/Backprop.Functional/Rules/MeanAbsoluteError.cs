using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Absolute error Σ |ŷ − y| over all n elements of ŷ and y (equal shapes, any rank), divided by n for Mean.
    /// Returns a scalar. dL = s·⟨sign(ŷ − y), dŷ − dy⟩; ∂L/∂ŷ = dL·sign(ŷ − y)·s with s = 1/n or 1 (the subgradient 0 where ŷ = y), ∂L/∂y = −∂L/∂ŷ.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> MeanAbsoluteError<T>(Tensor<T> prediction, Tensor<T> target, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (prediction.Shape != target.Shape)
            throw new ShapeException($"absolute error needs equal shapes, got prediction {prediction.Shape} and target {target.Shape}");
        var error = prediction - target;
        var n = ReductionDivisor<T>(reduction, error.Size);
        var sign = Tensor<T>.Build(error.Shape, d => Pointwise.Sign(error.Span, d));
        Tensor<T> AbsoluteErrorPushforwardPrediction(Tensor<T> dp) => Tensor<T>.Scalar(sign.Dot(dp) / n);
        Tensor<T> AbsoluteErrorPushforwardTarget(Tensor<T> dt) => Tensor<T>.Scalar(-sign.Dot(dt) / n);
        Tensor<T> AbsoluteErrorPullbackPrediction(Tensor<T> dl) => (dl.ToScalar() / n) * sign;
        Tensor<T> AbsoluteErrorPullbackTarget(Tensor<T> dl) => (-dl.ToScalar() / n) * sign;
        return new(Tensor<T>.Scalar(TensorPrimitives.SumOfMagnitudes(error.Span) / n), AbsoluteErrorPullbackPrediction, AbsoluteErrorPullbackTarget)
        {
            PushforwardX = AbsoluteErrorPushforwardPrediction, PushforwardY = AbsoluteErrorPushforwardTarget,
        };
    }
}
