using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Losses;

/// <summary>Losses as programs: each yields a scalar Var whose gradient the tape can take.</summary>
public static class Losses
{
    /// <summary>Mean squared error (1/n) Σ (ŷ − y)² over all elements.</summary>
    public static Diff<T, Var<T>> MeanSquaredError<T>(Var<T> prediction, Var<T> target) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Lift(Rules.Rules.MeanSquaredError, prediction, target);

    /// <summary>Softmax cross-entropy of logits [B, C] against target distributions [B, C] (one-hot or soft), mean over the batch.</summary>
    public static Diff<T, Var<T>> SoftmaxCrossEntropy<T>(Var<T> logits, Tensor<T> targets) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Lift(z => Rules.Rules.SoftmaxCrossEntropy(z, targets), logits);

    /// <summary>Softmax cross-entropy of logits [B, C] against integer class labels, mean over the batch.</summary>
    public static Diff<T, Var<T>> SoftmaxCrossEntropy<T>(Var<T> logits, int[] labels) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Lift(z => Rules.Rules.SoftmaxCrossEntropy(z, OneHot<T>(labels, z.Rank == 2 ? z.Shape[1] : 0)), logits);

    /// <summary>Rows of zeros with a one at each label: [labels.Length, classes].</summary>
    public static Tensor<T> OneHot<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var data = new T[labels.Length * classes];
        for (var i = 0; i < labels.Length; i++)
            data[i * classes + ((uint)labels[i] < (uint)classes ? labels[i]
                : throw new ShapeException($"label {labels[i]} at row {i} is outside 0..{classes - 1}"))] = T.One;
        return Tensor<T>.Own(new Shape(labels.Length, classes), data);
    }
}
