using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Reductions along the middle axis of a tensor seen as [outer, n, inner]: d[o, i] = op over j of x[o, j, i].</summary>
public static class Reduce
{
    /// <summary>d[o, i] = Σ_j x[o, j, i] (0 when n = 0).</summary>
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> d, int outer, int n, int inner) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++) d[o] = TensorPrimitives.Sum(x.Slice(o * n, n));
            return;
        }
        for (var o = 0; o < outer; o++)
        {
            var dst = d.Slice(o * inner, inner);
            dst.Clear();
            for (var j = 0; j < n; j++) TensorPrimitives.Add(dst, x.Slice((o * n + j) * inner, inner), dst);
        }
    }

    /// <summary>d[o, i] = max_j x[o, j, i] (n ≥ 1; NaN wins, as in NumPy).</summary>
    public static void Max<T>(ReadOnlySpan<T> x, Span<T> d, int outer, int n, int inner) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++) d[o] = TensorPrimitives.Max(x.Slice(o * n, n));
            return;
        }
        for (var o = 0; o < outer; o++)
        {
            var dst = d.Slice(o * inner, inner);
            x.Slice(o * n * inner, inner).CopyTo(dst);
            for (var j = 1; j < n; j++) TensorPrimitives.Max(dst, x.Slice((o * n + j) * inner, inner), dst);
        }
    }

    /// <summary>d[o, i] = min_j x[o, j, i] (n ≥ 1; NaN wins, as in NumPy).</summary>
    public static void Min<T>(ReadOnlySpan<T> x, Span<T> d, int outer, int n, int inner) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++) d[o] = TensorPrimitives.Min(x.Slice(o * n, n));
            return;
        }
        for (var o = 0; o < outer; o++)
        {
            var dst = d.Slice(o * inner, inner);
            x.Slice(o * n * inner, inner).CopyTo(dst);
            for (var j = 1; j < n; j++) TensorPrimitives.Min(dst, x.Slice((o * n + j) * inner, inner), dst);
        }
    }
}
