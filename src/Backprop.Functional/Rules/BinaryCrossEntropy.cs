using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Binary cross-entropy from logits: Σ −y·log σ(z) − (1 − y)·log(1 − σ(z)) over all n elements of the
    /// logits z and targets y ∈ [0, 1] (equal shapes, any rank), divided by n for Mean. Computed stably as
    /// max(z, 0) − z·y + log(1 + e^−|z|), which never takes the log of 0. Returns a scalar.
    /// dL = s·(⟨σ(z) − y, dz⟩ − ⟨z, dy⟩); ∂L/∂z = dL·s·(σ(z) − y) and ∂L/∂y = −dL·s·z, with s = 1/n or 1.
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> BinaryCrossEntropy<T>(Tensor<T> logits, Tensor<T> targets, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logits.Shape != targets.Shape)
            throw new ShapeException($"binary cross-entropy needs logits and targets of one shape, got {logits.Shape} and {targets.Shape}");
        var n = ReductionDivisor<T>(reduction, logits.Size);
        var probs = new T[logits.Size];
        var loss = Pointwise.BinaryCrossEntropySum(logits.Span, targets.Span, probs) / n;
        Tensor<T> BinaryCrossEntropyPushforwardLogits(Tensor<T> dz) =>
            Tensor<T>.Scalar((TensorPrimitives.Dot(probs, dz.Span) - targets.Dot(dz)) / n);
        Tensor<T> BinaryCrossEntropyPushforwardTargets(Tensor<T> dy) => Tensor<T>.Scalar(-logits.Dot(dy) / n);
        Tensor<T> BinaryCrossEntropyPullbackLogits(Tensor<T> dl) => Tensor<T>.Build(logits.Shape, d =>
        {
            TensorPrimitives.Subtract(probs, targets.Span, d);
            TensorPrimitives.Multiply(d, dl.ToScalar() / n, d);
        });
        Tensor<T> BinaryCrossEntropyPullbackTargets(Tensor<T> dl) => (-dl.ToScalar() / n) * logits;
        return new(Tensor<T>.Scalar(loss), BinaryCrossEntropyPullbackLogits, BinaryCrossEntropyPullbackTargets)
        {
            PushforwardX = BinaryCrossEntropyPushforwardLogits, PushforwardY = BinaryCrossEntropyPushforwardTargets,
        };
    }
}
