using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>The element-wise arithmetic of adaptive optimisers (moment averages and scaled ratios).</summary>
public static class Moments
{
    /// <summary>m′ = decay·m + (1 − decay)·g: an exponential moving average of the gradient.</summary>
    public static void Average<T>(ReadOnlySpan<T> m, ReadOnlySpan<T> g, T decay, Span<T> result) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(g, T.One - decay, result);
        TensorPrimitives.MultiplyAdd(m, decay, result, result);
    }

    /// <summary>v′ = decay·v + scale·g²: a moving average (decay &lt; 1) or running sum (decay = scale = 1) of squares.</summary>
    public static void SquareAverage<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> g, T decay, T scale, Span<T> result) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(g, g, result);
        TensorPrimitives.Multiply(result, scale, result);
        TensorPrimitives.MultiplyAdd(v, decay, result, result);
    }

    /// <summary>u = (a·aScale) / (√(v·vScale) + ε): the per-coordinate step of AdaGrad, RMSProp and Adam.</summary>
    public static void Ratio<T>(ReadOnlySpan<T> a, T aScale, ReadOnlySpan<T> v, T vScale, T epsilon, Span<T> result) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(v, vScale, result);
        TensorPrimitives.Sqrt(result, result);
        TensorPrimitives.Add(result, epsilon, result);
        TensorPrimitives.Divide(a, result, result);
        TensorPrimitives.Multiply(result, aScale, result);
    }
}
