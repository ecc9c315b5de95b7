namespace Backprop.Functional.Kernels;

/// <summary>Axis permutations of row-major tensors (transposes), copied.</summary>
public static class Permute
{
    /// <summary>
    /// d = x with its axes reordered: axis a of d is axis <paramref name="axes"/>[a] of x (of dims <paramref name="xDims"/>).
    /// Each row of d is one strided walk through x, a contiguous copy when the last axis stays last.
    /// </summary>
    public static void Axes<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> xDims, ReadOnlySpan<int> axes, Span<T> d) where T : unmanaged
    {
        var r = xDims.Length;
        if (d.Length == 0) return;
        if (r == 0) { d[0] = x[0]; return; }
        Span<int> xStrides = stackalloc int[r], dims = stackalloc int[r], strides = stackalloc int[r], index = stackalloc int[r];
        for (int a = r - 1, s = 1; a >= 0; a--) { xStrides[a] = s; s *= xDims[a]; }
        for (var a = 0; a < r; a++) (dims[a], strides[a]) = (xDims[axes[a]], xStrides[axes[a]]);
        int n = dims[r - 1], step = strides[r - 1], xOff = 0;
        for (var row = 0; row < d.Length / n; row++)
        {
            var dst = d.Slice(row * n, n);
            if (step == 1) x.Slice(xOff, n).CopyTo(dst);
            else for (var j = 0; j < n; j++) dst[j] = x[xOff + j * step];
            for (var a = r - 2; a >= 0; a--)
            {
                if (++index[a] < dims[a]) { xOff += strides[a]; break; }
                index[a] = 0;
                xOff -= (dims[a] - 1) * strides[a];
            }
        }
    }
}
