using System.Numerics;
using Backprop.Functional.Autodiff;

namespace Backprop.Functional.Layers;

/// <summary>
/// Average pooling: each size×size window (taken every stride pixels, no padding) of each channel is replaced by its mean.
/// Inputs: x [batch, channels, h, w], with size ≤ h and size ≤ w.
/// Returns: [batch, channels, (h − size)/stride + 1, (w − size)/stride + 1].
/// Parameters: none.
/// State: none.
/// </summary>
public static class AvgPool2d
{
    /// <summary>An average-pooling layer; <paramref name="stride"/> defaults to <paramref name="size"/>.</summary>
    public static Layer<T> Create<T>(int size, int? stride = null, string name = "avg_pool2d")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Expect.Positive(size, nameof(size), name);
        var s = Expect.Positive(stride ?? size, nameof(stride), name);
        return x => Diff.Scope(name, Ops.AvgPool2d(x, size, s));
    }
}
