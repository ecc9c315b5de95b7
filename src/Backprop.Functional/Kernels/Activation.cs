using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        if (dy.Length < x.Length || dx.Length < x.Length)
            throw new ArgumentException($"relu backward: x has {x.Length} elements, dy {dy.Length} and dx {dx.Length}");
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var dys = ref MemoryMarshal.GetReference(dy);
        ref var dxs = ref MemoryMarshal.GetReference(dx);
        nuint i = 0, n = (nuint)x.Length;
        // The widest vectors, read and written through references: no slices (each a bounds check and a new span) per vector.
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i + (nuint)Vector512<T>.Count <= n; i += (nuint)Vector512<T>.Count)
                (Vector512.LoadUnsafe(ref dys, i) & Vector512.GreaterThan(Vector512.LoadUnsafe(ref xs, i), Vector512<T>.Zero)).StoreUnsafe(ref dxs, i);
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i + (nuint)Vector256<T>.Count <= n; i += (nuint)Vector256<T>.Count)
                (Vector256.LoadUnsafe(ref dys, i) & Vector256.GreaterThan(Vector256.LoadUnsafe(ref xs, i), Vector256<T>.Zero)).StoreUnsafe(ref dxs, i);
        for (; i < n; i++) Unsafe.Add(ref dxs, i) = Unsafe.Add(ref xs, i) > T.Zero ? Unsafe.Add(ref dys, i) : T.Zero;
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
