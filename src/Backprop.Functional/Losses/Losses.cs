using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Losses;

/// <summary>Losses as programs: each yields a scalar Var whose gradient the tape can take.</summary>
public static class Loss
{
    /// <summary>Mean squared error (1/n) Σ (ŷ − y)² over all elements.</summary>
    public static Diff<T, Var<T>> MeanSquaredError<T>(Var<T> prediction, Var<T> target) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("mean_squared_error", Rule.MeanSquaredError, prediction, target);

    /// <summary>Softmax cross-entropy of logits [B, C] against target distributions [B, C] (one-hot or soft), mean over the batch.</summary>
    public static Diff<T, Var<T>> SoftmaxCrossEntropy<T>(Var<T> logits, Tensor<T> targets) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("softmax_cross_entropy", z => Rule.SoftmaxCrossEntropy(z, targets), logits);

    /// <summary>Softmax cross-entropy of logits [B, C] against integer class labels, mean over the batch.</summary>
    public static Diff<T, Var<T>> SoftmaxCrossEntropy<T>(Var<T> logits, int[] labels) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("softmax_cross_entropy", z => Rule.SoftmaxCrossEntropy(z, OneHot<T>(labels, z.Rank == 2 ? z.Shape[1] : 0)), logits);

    /// <summary>
    /// Squared error Σ (ŷ − y)² of prediction and target (equal shapes, any rank), averaged over all elements
    /// (Mean) or summed (Sum). Returns a scalar.
    /// </summary>
    public static Diff<T, Var<T>> MeanSquaredError<T>(Var<T> prediction, Var<T> target, Reduction reduction) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("mean_squared_error", (p, y) => Rule.MeanSquaredError(p, y, reduction), prediction, target);

    /// <summary>
    /// Absolute error Σ |ŷ − y| (equal shapes, any rank), averaged over all elements (Mean) or summed (Sum).
    /// Returns a scalar. Less pulled by outliers than squared error; its gradient has constant size.
    /// </summary>
    public static Diff<T, Var<T>> MeanAbsoluteError<T>(Var<T> prediction, Var<T> target, Reduction reduction = Reduction.Mean) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("mean_absolute_error", (p, y) => Rule.MeanAbsoluteError(p, y, reduction), prediction, target);

    /// <summary>
    /// Huber loss with threshold <paramref name="delta"/> &gt; 0 (equal shapes, any rank): squared error within δ
    /// of the target, absolute error beyond, averaged (Mean) or summed (Sum). Returns a scalar.
    /// Throws <see cref="ArgumentOutOfRangeException"/> when δ is not positive and finite.
    /// </summary>
    public static Diff<T, Var<T>> Huber<T>(Var<T> prediction, Var<T> target, T delta, Reduction reduction = Reduction.Mean) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        delta > T.Zero && T.IsFinite(delta)
            ? Diff.Primitive("huber", (p, y) => Rule.Huber(p, y, delta, reduction), prediction, target)
            : throw new ArgumentOutOfRangeException(nameof(delta), delta, "huber loss: delta must be positive and finite");

    /// <summary>
    /// Binary cross-entropy of logits z against targets y ∈ [0, 1] (equal shapes, any rank; one logit per
    /// yes/no question), computed stably from the logits, averaged (Mean) or summed (Sum). Returns a scalar.
    /// </summary>
    public static Diff<T, Var<T>> BinaryCrossEntropy<T>(Var<T> logits, Var<T> targets, Reduction reduction = Reduction.Mean) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("binary_cross_entropy", (z, y) => Rule.BinaryCrossEntropy(z, y, reduction), logits, targets);

    /// <summary>Softmax cross-entropy of logits [B, C] against target distributions [B, C]; Mean divides the sum over rows by B.</summary>
    public static Diff<T, Var<T>> SoftmaxCrossEntropy<T>(Var<T> logits, Tensor<T> targets, Reduction reduction) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("softmax_cross_entropy", z => Rule.SoftmaxCrossEntropy(z, targets, reduction), logits);

    /// <summary>Softmax cross-entropy of logits [B, C] against integer class labels [B]; Mean divides the sum over rows by B.</summary>
    public static Diff<T, Var<T>> SoftmaxCrossEntropy<T>(Var<T> logits, int[] labels, Reduction reduction) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Primitive("softmax_cross_entropy", z => Rule.SoftmaxCrossEntropy(z, OneHot<T>(labels, z.Rank == 2 ? z.Shape[1] : 0), reduction), logits);

    /// <summary>Rows of zeros with a one at each label: [labels.Length, classes].</summary>
    public static Tensor<T> OneHot<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes) throw new ShapeException($"label {labels[i]} at row {i} is outside 0..{classes - 1}");
        var rows = labels.ToArray();
        return Tensor<T>.Build(new Shape(labels.Length, classes), d =>
        {
            d.Clear();
            for (var i = 0; i < rows.Length; i++) d[i * classes + rows[i]] = T.One;
        });
    }
}
