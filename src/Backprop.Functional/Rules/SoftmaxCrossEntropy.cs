using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rules
{
    /// <summary>
    /// L = (1/B) Σ_i CE(softmax(z_i), y_i) for logits z [B, C] and target distributions y [B, C],
    /// fused and stable (log-sum-exp). The fused pullback is the famous ∂L/∂z = (ŷ − y) / B
    /// (in general (ŷ·Σy − y) / B, which is the same when each target row sums to one).
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> SoftmaxCrossEntropy<T>(Tensor<T> logits, Tensor<T> targets)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (logits.Rank != 2 || logits.Shape != targets.Shape)
            throw new ShapeException($"softmax cross-entropy needs logits and targets of one shape [batch, classes], got {logits.Shape} and {targets.Shape}");
        int batch = logits.Shape[0], classes = logits.Shape[1];
        var probs = new T[logits.Size];
        var loss = SoftmaxKernel.CrossEntropySum(logits.Span, targets.Span, probs, classes) / T.CreateChecked(batch);
        Tensor<T> SoftmaxCrossEntropyPullback(Tensor<T> dl) => Tensor<T>.Build(logits.Shape,
            d => SoftmaxKernel.CrossEntropyBackward(probs, targets.Span, dl.ToScalar() / T.CreateChecked(batch), d, classes));
        return new(Tensor<T>.Scalar(loss), SoftmaxCrossEntropyPullback);
    }
}
