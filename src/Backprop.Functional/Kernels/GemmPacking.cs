using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Functional.Kernels;

/// <summary>Copies strided panels into the contiguous, zero-padded layouts the micro-kernels read.</summary>
internal static unsafe class GemmPacking
{
    /// <summary>dst[r*ldd + c] = src[r*lds + c] for c &lt; cols; columns cols..ldd are zeroed.</summary>
    public static void Copy<T>(T* src, nint lds, int rows, int cols, T* dst, int ldd)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var w = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated && cols == ldd && cols % w == 0 && cols <= 4 * w)
        {
            // A full micro-panel row (MR or NR wide: one to four vectors): plain loads and stores, not a memmove per row.
            for (var r = 0; r < rows; r++, src += lds, dst += ldd)
                for (var c = 0; c < cols; c += w)
                    Vector256.Store(Vector256.Load(src + c), dst + c);
            return;
        }
        if (Vector256.IsHardwareAccelerated && ldd % w == 0 && ldd <= 4 * w)
        {
            // A partial micro-panel row: zeros, then the whole vectors and the last few elements of the source row,
            // not two library calls per row.
            for (var r = 0; r < rows; r++, src += lds, dst += ldd)
            {
                for (var c = 0; c < ldd; c += w) Vector256<T>.Zero.Store(dst + c);
                var e = 0;
                for (; e + w <= cols; e += w) Vector256.Store(Vector256.Load(src + e), dst + e);
                for (; e < cols; e++) dst[e] = src[e];
            }
            return;
        }
        for (var r = 0; r < rows; r++, src += lds, dst += ldd)
        {
            new ReadOnlySpan<T>(src, cols).CopyTo(new Span<T>(dst, cols));
            new Span<T>(dst + cols, ldd - cols).Clear();
        }
    }

    /// <summary>dst[c*ldd + r] = src[r*lds + c] for r &lt; rows; entries r = rows..ldd are zeroed.</summary>
    public static void Transpose<T>(T* src, nint lds, int rows, int cols, T* dst, int ldd)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var r0 = 0;
        var group = typeof(T) == typeof(float) ? 8 : 4;
        if (Avx.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
        {
            for (; r0 + group <= rows; r0 += group) Block(src + r0 * lds, lds, cols, dst + r0, ldd);
            if (r0 < rows && r0 + group <= ldd)
            {
                // The last few rows, padded with zero rows to a whole block (the padding's columns are dst's zeros).
                var last = Padding<T>(group * cols);
                fixed (T* p = last)
                {
                    for (var r = r0; r < rows; r++) new ReadOnlySpan<T>(src + r * lds, cols).CopyTo(new Span<T>(p + (r - r0) * cols, cols));
                    new Span<T>(p + (rows - r0) * cols, (group - rows + r0) * cols).Clear();
                    Block(p, cols, cols, dst + r0, ldd);
                }
                r0 += group;
                rows = r0;
            }
        }
        for (var c = 0; c < cols; c++)
        {
            var d = dst + c * ldd;
            for (var r = r0; r < rows; r++) d[r] = src[r * lds + c];
            var z = rows;
            if (Vector256.IsHardwareAccelerated)
                for (; z + Vector256<T>.Count <= ldd; z += Vector256<T>.Count) Vector256<T>.Zero.Store(d + z);
            for (; z < ldd; z++) d[z] = T.Zero;
        }
    }

    /// <summary>One block of source rows (eight floats or four doubles) into dst's columns.</summary>
    private static void Block<T>(T* src, nint lds, int cols, T* dst, int ldd) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) Transpose8((float*)src, lds, cols, (float*)dst, ldd);
        else Transpose4((double*)src, lds, cols, (double*)dst, ldd);
    }

    [ThreadStatic] private static float[]? paddingF;
    [ThreadStatic] private static double[]? paddingD;

    /// <summary>This thread's buffer for a zero-padded block of rows, at least <paramref name="length"/> long.</summary>
    private static T[] Padding<T>(int length)
    {
        if (typeof(T) == typeof(float))
            return (T[])(object)(paddingF is { } f && f.Length >= length ? f : paddingF = new float[Math.Max(length, 2 * (paddingF?.Length ?? 0))]);
        return (T[])(object)(paddingD is { } d && d.Length >= length ? d : paddingD = new double[Math.Max(length, 2 * (paddingD?.Length ?? 0))]);
    }

    // Eight source rows: 8×8 blocks through AVX shuffles, then the column remainder scalar.
    private static void Transpose8(float* src, nint lds, int cols, float* dst, int ldd)
    {
        var c = 0;
        for (; c + 8 <= cols; c += 8)
        {
            var s = src + c;
            var t0 = Avx.UnpackLow(Avx.LoadVector256(s), Avx.LoadVector256(s + lds));
            var t1 = Avx.UnpackHigh(Avx.LoadVector256(s), Avx.LoadVector256(s + lds));
            var t2 = Avx.UnpackLow(Avx.LoadVector256(s + 2 * lds), Avx.LoadVector256(s + 3 * lds));
            var t3 = Avx.UnpackHigh(Avx.LoadVector256(s + 2 * lds), Avx.LoadVector256(s + 3 * lds));
            var t4 = Avx.UnpackLow(Avx.LoadVector256(s + 4 * lds), Avx.LoadVector256(s + 5 * lds));
            var t5 = Avx.UnpackHigh(Avx.LoadVector256(s + 4 * lds), Avx.LoadVector256(s + 5 * lds));
            var t6 = Avx.UnpackLow(Avx.LoadVector256(s + 6 * lds), Avx.LoadVector256(s + 7 * lds));
            var t7 = Avx.UnpackHigh(Avx.LoadVector256(s + 6 * lds), Avx.LoadVector256(s + 7 * lds));
            var u0 = Avx.Shuffle(t0, t2, 0x44);
            var u1 = Avx.Shuffle(t0, t2, 0xEE);
            var u2 = Avx.Shuffle(t1, t3, 0x44);
            var u3 = Avx.Shuffle(t1, t3, 0xEE);
            var u4 = Avx.Shuffle(t4, t6, 0x44);
            var u5 = Avx.Shuffle(t4, t6, 0xEE);
            var u6 = Avx.Shuffle(t5, t7, 0x44);
            var u7 = Avx.Shuffle(t5, t7, 0xEE);
            var d = dst + c * ldd;
            Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(d + ldd, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(d + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(d + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(d + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(d + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(d + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(d + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
        }
        for (; c < cols; c++)
            for (var r = 0; r < 8; r++) dst[c * ldd + r] = src[r * lds + c];
    }

    // Four source rows: 4×4 blocks of doubles.
    private static void Transpose4(double* src, nint lds, int cols, double* dst, int ldd)
    {
        var c = 0;
        for (; c + 4 <= cols; c += 4)
        {
            var s = src + c;
            var t0 = Avx.UnpackLow(Avx.LoadVector256(s), Avx.LoadVector256(s + lds));
            var t1 = Avx.UnpackHigh(Avx.LoadVector256(s), Avx.LoadVector256(s + lds));
            var t2 = Avx.UnpackLow(Avx.LoadVector256(s + 2 * lds), Avx.LoadVector256(s + 3 * lds));
            var t3 = Avx.UnpackHigh(Avx.LoadVector256(s + 2 * lds), Avx.LoadVector256(s + 3 * lds));
            var d = dst + c * ldd;
            Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
            Avx.Store(d + ldd, Avx.Permute2x128(t1, t3, 0x20));
            Avx.Store(d + 2 * ldd, Avx.Permute2x128(t0, t2, 0x31));
            Avx.Store(d + 3 * ldd, Avx.Permute2x128(t1, t3, 0x31));
        }
        for (; c < cols; c++)
            for (var r = 0; r < 4; r++) dst[c * ldd + r] = src[r * lds + c];
    }
}
