using System.Numerics;
using Backprop.Functional.Autodiff;

namespace Backprop.Functional.Layers;

/// <summary>
/// Max pooling: each size×size window (taken every stride pixels, no padding) of each channel is replaced by its
/// largest element. The gradient goes to that element only (the first one, on ties).
/// Inputs: x [batch, channels, h, w], with size ≤ h and size ≤ w.
/// Returns: [batch, channels, (h − size)/stride + 1, (w − size)/stride + 1].
/// Parameters: none.
/// State: none.
/// </summary>
public static class MaxPool2d
{
    /// <summary>A max-pooling layer; <paramref name="stride"/> defaults to <paramref name="size"/> (windows that do not overlap).</summary>
    public static Layer<T> Create<T>(int size, int? stride = null, string name = "max_pool2d")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Expect.Positive(size, nameof(size), name);
        var s = Expect.Positive(stride ?? size, nameof(stride), name);
        return x => Diff.Scope(name, Ops.MaxPool2d(x, size, s));
    }
}
