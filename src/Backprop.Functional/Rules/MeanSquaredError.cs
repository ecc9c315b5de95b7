using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// L = (1/n) Σ (ŷ − y)² over all n elements. dL = (2/n)⟨ŷ − y, dŷ − dy⟩; ∂L/∂ŷ = dL · 2(ŷ − y)/n and ∂L/∂y = −∂L/∂ŷ.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> MeanSquaredError<T>(Tensor<T> prediction, Tensor<T> target)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (prediction.Shape != target.Shape)
            throw new ShapeException($"mean squared error needs equal shapes, got prediction {prediction.Shape} and target {target.Shape}");
        var error = prediction - target;
        var n = T.CreateChecked(Math.Max(1, error.Size));
        Tensor<T> MsePushforwardPrediction(Tensor<T> dp) => Tensor<T>.Scalar(T.CreateChecked(2) * error.Dot(dp) / n);
        Tensor<T> MsePushforwardTarget(Tensor<T> dt) => Tensor<T>.Scalar(-T.CreateChecked(2) * error.Dot(dt) / n);
        Tensor<T> MsePullbackPrediction(Tensor<T> dl) => (T.CreateChecked(2) * dl.ToScalar() / n) * error;
        Tensor<T> MsePullbackTarget(Tensor<T> dl) => (-T.CreateChecked(2) * dl.ToScalar() / n) * error;
        return new(Tensor<T>.Scalar(error.Dot(error) / n), MsePullbackPrediction, MsePullbackTarget)
        {
            PushforwardX = MsePushforwardPrediction, PushforwardY = MsePushforwardTarget,
        };
    }

    /// <summary>
    /// Squared error Σ (ŷ − y)² over all n elements of ŷ and y (equal shapes, any rank), divided by n when
    /// <paramref name="reduction"/> is Mean. Returns a scalar. dL = 2s⟨ŷ − y, dŷ − dy⟩; ∂L/∂ŷ = dL·2(ŷ − y)·s with s = 1/n or 1, and ∂L/∂y = −∂L/∂ŷ.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> MeanSquaredError<T>(Tensor<T> prediction, Tensor<T> target, Reduction reduction)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (prediction.Shape != target.Shape)
            throw new ShapeException($"squared error needs equal shapes, got prediction {prediction.Shape} and target {target.Shape}");
        var error = prediction - target;
        var n = ReductionDivisor<T>(reduction, error.Size);
        Tensor<T> SquaredErrorPushforwardPrediction(Tensor<T> dp) => Tensor<T>.Scalar(T.CreateChecked(2) * error.Dot(dp) / n);
        Tensor<T> SquaredErrorPushforwardTarget(Tensor<T> dt) => Tensor<T>.Scalar(-T.CreateChecked(2) * error.Dot(dt) / n);
        Tensor<T> SquaredErrorPullbackPrediction(Tensor<T> dl) => (T.CreateChecked(2) * dl.ToScalar() / n) * error;
        Tensor<T> SquaredErrorPullbackTarget(Tensor<T> dl) => (-T.CreateChecked(2) * dl.ToScalar() / n) * error;
        return new(Tensor<T>.Scalar(error.Dot(error) / n), SquaredErrorPullbackPrediction, SquaredErrorPullbackTarget)
        {
            PushforwardX = SquaredErrorPushforwardPrediction, PushforwardY = SquaredErrorPushforwardTarget,
        };
    }
}
