using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Broadcasts and reductions over the rows of a row-major matrix. Both walk a block of columns down all the rows with
/// the row (or the sums) held in registers, instead of one library call per row: a batch of 32 rows of 10 logits is
/// 32 calls' overhead for 10 additions each. Each column is summed in row order from zero, as a row-by-row loop does,
/// so the bits are those of that loop.
/// </summary>
public static class Rowwise
{
    /// <summary>y[i, :] = x[i, :] + row for every row i.</summary>
    public static void AddRow<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> row, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var cols = row.Length;
        if (cols == 0) return;
        var rows = x.Length / cols;
        if (y.Length < rows * cols) throw new ArgumentException($"add-row: {rows}x{cols} values need an output of as many, got {y.Length}", nameof(y));
        if (Wide<T>(cols))
        {
            for (var at = 0; at < rows * cols; at += cols) AddVectors(x.Slice(at, cols), row, y.Slice(at, cols));
            return;
        }
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        var j = 0;
        if (Vector.IsHardwareAccelerated)
            for (; j <= cols - Vector<T>.Count; j += Vector<T>.Count)
            {
                var b = new Vector<T>(row[j..]);
                for (nuint at = (nuint)j; at < (nuint)(rows * cols); at += (nuint)cols)
                    (Vector.LoadUnsafe(ref xs, at) + b).StoreUnsafe(ref ys, at);
            }
        for (; j < cols; j++)
            for (var at = j; at < rows * cols; at += cols) y[at] = x[at] + row[j];
    }

    /// <summary>sums[:] = Σ_i x[i, :]: the column sums (the sum over the batch), each from zero in row order.</summary>
    public static void SumRows<T>(ReadOnlySpan<T> x, Span<T> sums)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var cols = sums.Length;
        if (cols == 0) return;
        var rows = x.Length / cols;
        if (Wide<T>(cols))
        {
            sums.Clear();
            for (var at = 0; at < rows * cols; at += cols) AddVectors(x.Slice(at, cols), sums, sums);
            return;
        }
        ref var xs = ref MemoryMarshal.GetReference(x);
        var j = 0;
        var width = Vector<T>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= cols - 4 * width; j += 4 * width)      // four accumulators: the additions of one column chain, of four overlap
            {
                Vector<T> a = Vector<T>.Zero, b = Vector<T>.Zero, c = Vector<T>.Zero, d = Vector<T>.Zero;
                for (nuint at = (nuint)j; at < (nuint)(rows * cols); at += (nuint)cols)
                {
                    a += Vector.LoadUnsafe(ref xs, at);
                    b += Vector.LoadUnsafe(ref xs, at + (nuint)width);
                    c += Vector.LoadUnsafe(ref xs, at + (nuint)(2 * width));
                    d += Vector.LoadUnsafe(ref xs, at + (nuint)(3 * width));
                }
                a.CopyTo(sums[j..]);
                b.CopyTo(sums[(j + width)..]);
                c.CopyTo(sums[(j + 2 * width)..]);
                d.CopyTo(sums[(j + 3 * width)..]);
            }
            for (; j <= cols - width; j += width)
            {
                var a = Vector<T>.Zero;
                for (nuint at = (nuint)j; at < (nuint)(rows * cols); at += (nuint)cols) a += Vector.LoadUnsafe(ref xs, at);
                a.CopyTo(sums[j..]);
            }
        }
        for (; j < cols; j++)
        {
            var s = T.Zero;
            for (var at = j; at < rows * cols; at += cols) s += x[at];
            sums[j] = s;
        }
    }

    /// <summary>
    /// Rows this wide are walked row by row: down a column the loads lie a row apart, often a multiple of 1 KB, and
    /// share a few L1 sets, while the row (or the sums) being reused is short enough to stay in L1 itself.
    /// </summary>
    private static bool Wide<T>(int cols) => Vector.IsHardwareAccelerated && cols >= 8 * Vector<T>.Count;

    /// <summary>d = a + b element by element (one rounding each; d may be b).</summary>
    private static void AddVectors<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ref var av = ref MemoryMarshal.GetReference(a);
        ref var bv = ref MemoryMarshal.GetReference(b);
        ref var dv = ref MemoryMarshal.GetReference(d);
        nuint j = 0, n = (nuint)a.Length, w = (nuint)Vector<T>.Count;
        for (; j + w <= n; j += w) (Vector.LoadUnsafe(ref av, j) + Vector.LoadUnsafe(ref bv, j)).StoreUnsafe(ref dv, j);
        for (; j < n; j++) Unsafe.Add(ref dv, j) = Unsafe.Add(ref av, j) + Unsafe.Add(ref bv, j);
    }
}
