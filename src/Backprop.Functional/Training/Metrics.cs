using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Training;

/// <summary>Classification metrics from logits [batch, classes].</summary>
public static class Metrics
{
    public static int[] Predictions<T>(Tensor<T> logits) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ArgMax.Rows(logits.Span, logits.Shape[-1]);

    /// <summary>The fraction of rows whose largest logit is at the label.</summary>
    public static double Accuracy<T>(Tensor<T> logits, ReadOnlySpan<int> labels) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var predicted = Predictions(logits);
        var correct = 0;
        for (var i = 0; i < labels.Length; i++) correct += predicted[i] == labels[i] ? 1 : 0;
        return labels.Length == 0 ? 0 : (double)correct / labels.Length;
    }
}
