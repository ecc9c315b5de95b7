using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Functional.Kernels;

/// <summary>
/// General matrix product over row-major spans: C (+)= op(A)·op(B), with op(A) of shape m×k and
/// op(B) of shape k×n. When <c>transA</c> is set, A is stored k×m; when
/// <c>transB</c> is set, B is stored n×k. No transpose is ever materialised.
/// </summary>
public static class Gemm
{
    public static void Multiply<T>(
        ReadOnlySpan<T> a, bool transA, ReadOnlySpan<T> b, bool transB, Span<T> c,
        int m, int n, int k, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if ((long)m * k > a.Length) throw new ArgumentException("A is shorter than m*k.", nameof(a));
        if ((long)k * n > b.Length) throw new ArgumentException("B is shorter than k*n.", nameof(b));
        if ((long)m * n > c.Length) throw new ArgumentException("C is shorter than m*n.", nameof(c));
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) c[..(m * n)].Clear();
            return;
        }
        if (typeof(T) == typeof(float))
            Float(MemoryMarshal.Cast<T, float>(a), transA, MemoryMarshal.Cast<T, float>(b), transB,
                MemoryMarshal.Cast<T, float>(c), m, n, k, accumulate);
        else if (typeof(T) == typeof(double))
            Double(MemoryMarshal.Cast<T, double>(a), transA, MemoryMarshal.Cast<T, double>(b), transB,
                MemoryMarshal.Cast<T, double>(c), m, n, k, accumulate);
        else
            Generic(a, transA, b, transB, c, m, n, k, accumulate);
    }

    /// <summary>
    /// The width of the column panels C is computed in for <typeparamref name="T"/> on this machine: a product with n
    /// columns takes ⌈n / width⌉ panels, the last one partial (and as slow as a whole one).
    /// </summary>
    internal static int PanelWidth<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var fma = Fma.IsSupported;
        if (typeof(T) == typeof(float))
            return Vector512.IsHardwareAccelerated && fma ? MicroKernelF32x512.NR
                : Vector256.IsHardwareAccelerated && fma ? MicroKernelF32x256.NR : MicroKernelScalar<float>.NR;
        if (typeof(T) == typeof(double))
            return Vector512.IsHardwareAccelerated && fma ? MicroKernelF64x512.NR
                : Vector256.IsHardwareAccelerated && fma ? MicroKernelF64x256.NR : MicroKernelScalar<double>.NR;
        return 1;
    }

    private static unsafe void Float(ReadOnlySpan<float> a, bool transA, ReadOnlySpan<float> b, bool transB,
        Span<float> c, int m, int n, int k, bool accumulate)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (Vector512.IsHardwareAccelerated && Fma.IsSupported)
                GemmDriver<float, MicroKernelF32x512>.Run(pa, transA, pb, transB, pc, m, n, k, accumulate);
            else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
                GemmDriver<float, MicroKernelF32x256>.Run(pa, transA, pb, transB, pc, m, n, k, accumulate);
            else
                GemmDriver<float, MicroKernelScalar<float>>.Run(pa, transA, pb, transB, pc, m, n, k, accumulate);
        }
    }

    private static unsafe void Double(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB,
        Span<double> c, int m, int n, int k, bool accumulate)
    {
        fixed (double* pa = a, pb = b, pc = c)
        {
            if (Vector512.IsHardwareAccelerated && Fma.IsSupported)
                GemmDriver<double, MicroKernelF64x512>.Run(pa, transA, pb, transB, pc, m, n, k, accumulate);
            else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
                GemmDriver<double, MicroKernelF64x256>.Run(pa, transA, pb, transB, pc, m, n, k, accumulate);
            else
                GemmDriver<double, MicroKernelScalar<double>>.Run(pa, transA, pb, transB, pc, m, n, k, accumulate);
        }
    }

    // Other IEEE types (Half, NFloat): simple loop, same contract.
    private static void Generic<T>(ReadOnlySpan<T> a, bool transA, ReadOnlySpan<T> b, bool transB, Span<T> c,
        int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                    sum += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
    }
}
