using System.Numerics;

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
        if (!accumulate) c[..(m * n)].Clear();
        for (var i = 0; i < m; i++)
            for (var p = 0; p < k; p++)
            {
                var aip = transA ? a[p * m + i] : a[i * k + p];
                for (var j = 0; j < n; j++)
                    c[i * n + j] += aip * (transB ? b[j * k + p] : b[p * n + j]);
            }
    }
}
