using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// L = (1/B) Σ_i CE(softmax(z_i), y_i) for logits z [B, C] and target distributions y [B, C],
    /// fused and stable (log-sum-exp). The fused pullback is the famous ∂L/∂z = (ŷ − y) / B
    /// (in general (ŷ·Σy − y) / B, which is the same when each target row sums to one); dL = ⟨∂L/∂z, dz⟩.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> SoftmaxCrossEntropy<T>(Tensor<T> logits, Tensor<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logits.Rank != 2 || logits.Shape != targets.Shape)
            throw new ShapeException($"softmax cross-entropy needs logits and targets of one shape [batch, classes], got {logits.Shape} and {targets.Shape}");
        int batch = logits.Shape[0], classes = logits.Shape[1];
        var sum = T.Zero;
        var probs = Tensor<T>.Build(logits.Shape, p => sum = SoftmaxKernel.CrossEntropySum(logits.Span, targets.Span, p, classes));
        var loss = sum / T.CreateChecked(batch);
        Tensor<T> SoftmaxCrossEntropyPushforward(Tensor<T> dz) =>
            Tensor<T>.Scalar((probs * targets.Sum(-1, keepDims: true) - targets).Dot(dz) / T.CreateChecked(batch));
        Tensor<T> SoftmaxCrossEntropyPullback(Tensor<T> dl) => Tensor<T>.Build(logits.Shape,
            d => SoftmaxKernel.CrossEntropyBackward(probs.Span, targets.Span, dl.ToScalar() / T.CreateChecked(batch), d, classes));
        return new(Tensor<T>.Scalar(loss), SoftmaxCrossEntropyPullback) { Pushforward = SoftmaxCrossEntropyPushforward };
    }

    /// <summary>
    /// Softmax cross-entropy Σ_i CE(softmax(z_i), y_i) of logits z [B, C] against target distributions y [B, C]
    /// (one-hot or soft), divided by the batch size B (not B·C) when <paramref name="reduction"/> is Mean.
    /// Returns a scalar. ∂L/∂z = dL·s·(ŷ·Σy − y) with s = 1/B or 1, and dL = s·⟨ŷ·Σy − y, dz⟩.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> SoftmaxCrossEntropy<T>(Tensor<T> logits, Tensor<T> targets, Reduction reduction)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logits.Rank != 2 || logits.Shape != targets.Shape)
            throw new ShapeException($"softmax cross-entropy needs logits and targets of one shape [batch, classes], got {logits.Shape} and {targets.Shape}");
        int batch = logits.Shape[0], classes = logits.Shape[1];
        var n = ReductionDivisor<T>(reduction, batch);
        var sum = T.Zero;
        var probs = Tensor<T>.Build(logits.Shape, p => sum = SoftmaxKernel.CrossEntropySum(logits.Span, targets.Span, p, classes));
        var loss = sum / n;
        Tensor<T> SoftmaxCrossEntropyReducedPushforward(Tensor<T> dz) =>
            Tensor<T>.Scalar((probs * targets.Sum(-1, keepDims: true) - targets).Dot(dz) / n);
        Tensor<T> SoftmaxCrossEntropyReducedPullback(Tensor<T> dl) => Tensor<T>.Build(logits.Shape,
            d => SoftmaxKernel.CrossEntropyBackward(probs.Span, targets.Span, dl.ToScalar() / n, d, classes));
        return new(Tensor<T>.Scalar(loss), SoftmaxCrossEntropyReducedPullback) { Pushforward = SoftmaxCrossEntropyReducedPushforward };
    }
}
