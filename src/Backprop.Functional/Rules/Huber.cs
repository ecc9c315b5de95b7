using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Huber loss Σ h(ŷ − y) over all n elements (equal shapes, any rank), divided by n for Mean, with
    /// h(e) = ½e² for |e| ≤ δ and δ(|e| − ½δ) beyond: squared error near the target, absolute error far
    /// from it, so outliers pull with a bounded force. Returns a scalar.
    /// dL = s·⟨clamp(ŷ − y, −δ, δ), dŷ − dy⟩; ∂L/∂ŷ = dL·s·clamp(ŷ − y, −δ, δ) with s = 1/n or 1, and ∂L/∂y = −∂L/∂ŷ.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Huber<T>(Tensor<T> prediction, Tensor<T> target, T delta, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (prediction.Shape != target.Shape)
            throw new ShapeException($"huber loss needs equal shapes, got prediction {prediction.Shape} and target {target.Shape}");
        if (!(delta > T.Zero) || !T.IsFinite(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "huber loss: delta must be positive and finite");
        var error = prediction - target;
        var n = ReductionDivisor<T>(reduction, error.Size);
        var slope = new T[error.Size];
        var loss = Pointwise.HuberSum(error.Span, delta, slope) / n;
        var clamped = Tensor<T>.Own(error.Shape, slope);
        Tensor<T> HuberPushforwardPrediction(Tensor<T> dp) => Tensor<T>.Scalar(clamped.Dot(dp) / n);
        Tensor<T> HuberPushforwardTarget(Tensor<T> dt) => Tensor<T>.Scalar(-clamped.Dot(dt) / n);
        Tensor<T> HuberPullbackPrediction(Tensor<T> dl) => (dl.ToScalar() / n) * clamped;
        Tensor<T> HuberPullbackTarget(Tensor<T> dl) => (-dl.ToScalar() / n) * clamped;
        return new(Tensor<T>.Scalar(loss), HuberPullbackPrediction, HuberPullbackTarget)
        {
            PushforwardX = HuberPushforwardPrediction, PushforwardY = HuberPushforwardTarget,
        };
    }
}
