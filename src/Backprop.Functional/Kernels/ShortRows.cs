using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Copies and sums of the short rows of images (tens of elements, as im2col and col2im move them): whole vectors
/// through pointers, not a library call and a bounds-checked slice per row.
/// </summary>
internal static unsafe class ShortRows
{
    /// <summary>dst[0..n) = src[0..n): whole vectors, the last one overlapping the one before it.</summary>
    public static void Copy<T>(T* src, T* dst, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= Vector512<T>.Count)
        {
            var w = Vector512<T>.Count;
            for (var i = 0; i < n - w; i += w) Vector512.Load(src + i).Store(dst + i);
            Vector512.Load(src + n - w).Store(dst + n - w);
        }
        else if (Vector512.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            // Shorter than a 512-bit vector: two 256-bit ones cover it.
            Vector256.Load(src).Store(dst);
            Vector256.Load(src + n - Vector256<T>.Count).Store(dst + n - Vector256<T>.Count);
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count) Copy256(src, dst, n);
        else
            for (var i = 0; i < n; i++) dst[i] = src[i];
    }

    /// <summary>
    /// dst[0..n) = src[0..n) in whole vectors, one load and one store each, without a shorter last one: it reads and
    /// writes up to <see cref="Slack{T}"/> − 1 elements past n, which the caller must own (and rewrite, if they matter).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyOver<T>(T* src, T* dst, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (var i = 0; i < n; i += Vector512<T>.Count) Vector512.Load(src + i).Store(dst + i);
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (var i = 0; i < n; i += Vector256<T>.Count) Vector256.Load(src + i).Store(dst + i);
        else
            for (var i = 0; i < n; i++) dst[i] = src[i];
    }

    /// <summary>How many elements past its n <see cref="CopyOver{T}"/> may read and write, at most: a 512-bit vector's.</summary>
    public static int Slack<T>() where T : unmanaged => 64 / sizeof(T);

    /// <summary>Copy in 256-bit vectors only (the path of AVX2 hardware), for n of at least one vector.</summary>
    internal static void Copy256<T>(T* src, T* dst, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var w = Vector256<T>.Count;
        for (var i = 0; i < n - w; i += w) Vector256.Load(src + i).Store(dst + i);
        Vector256.Load(src + n - w).Store(dst + n - w);
    }

    /// <summary>sums[0..n) += values[0..n): whole vectors, then the last few one by one (an overlap would add twice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(T* values, T* sums, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (var w = Vector256<T>.Count; i + w <= n; i += w) (Vector256.Load(sums + i) + Vector256.Load(values + i)).Store(sums + i);
        for (; i < n; i++) sums[i] += values[i];
    }

    /// <summary>Stores the first n &lt; L lanes of v without a masked store (slow on AMD): its low half, then one by one.</summary>
    public static void Put<T>(Vector256<T> v, T* dst, int n) where T : unmanaged
    {
        var i = 0;
        if (n >= Vector128<T>.Count)
        {
            v.GetLower().Store(dst);
            i = Vector128<T>.Count;
        }
        for (; i < n; i++) dst[i] = v.GetElement(i);
    }
}
