using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Element-wise activations that TensorPrimitives lacks or rejects for empty spans, and fused pullback kernels (one pass instead of several).</summary>
public static class Activation
{
    /// <summary>y = 1 / (1 + e^−x); nothing to do for no elements (TensorPrimitives.Sigmoid rejects empty spans).</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Length > 0) TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary>dx = dy where x &gt; 0, else 0.</summary>
    public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var mask = Vector.GreaterThan(new Vector<T>(x[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(mask, new Vector<T>(dy[i..]), Vector<T>.Zero).CopyTo(dx[i..]);
            }
        for (; i < x.Length; i++) dx[i] = x[i] > T.Zero ? dy[i] : T.Zero;
    }

    /// <summary>dx = dy · y · (1 − y), from the sigmoid's output y.</summary>
    public static void SigmoidBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(T.One, y, dx);   // 1 − y
        TensorPrimitives.Multiply(dx, y, dx);
        TensorPrimitives.Multiply(dx, dy, dx);
    }

    /// <summary>dx = dy · (1 − y²), from the tanh's output y.</summary>
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Subtract(T.One, dx, dx);
        TensorPrimitives.Multiply(dx, dy, dx);
    }
}
