using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Row gathers and scatter-adds over a table [rows, dim] (embeddings).</summary>
public static class Lookup
{
    /// <summary>Integer ids from their floating-point encoding; returns the index of the first value that is not a whole number in 0..<paramref name="limit"/>−1 (or of a negative one when <paramref name="allowPadding"/> is false), else −1.</summary>
    public static int ToIds<T>(ReadOnlySpan<T> values, Span<int> ids, int limit, bool allowPadding)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!T.IsInteger(v) || v >= T.CreateChecked(limit) || (v < T.Zero && !allowPadding)) return i;
            ids[i] = v < T.Zero ? -1 : int.CreateChecked(v);
        }
        return -1;
    }

    /// <summary>dst[i, :] = table[ids[i], :].</summary>
    public static void Gather<T>(ReadOnlySpan<T> table, ReadOnlySpan<int> ids, Span<T> dst, int dim) where T : unmanaged
    {
        for (var i = 0; i < ids.Length; i++) table.Slice(ids[i] * dim, dim).CopyTo(dst.Slice(i * dim, dim));
    }

    /// <summary>dtable[ids[i], :] += dy[i, :] (a row used twice gets both); dtable is cleared first.</summary>
    public static void ScatterAdd<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> ids, Span<T> dtable, int dim)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        dtable.Clear();
        for (var i = 0; i < ids.Length; i++)
        {
            var row = dtable.Slice(ids[i] * dim, dim);
            TensorPrimitives.Add(row, dy.Slice(i * dim, dim), row);
        }
    }

    /// <summary>
    /// dst[b, :] = the mean of table[ids[b, t], :] over the row's tokens (ids[b, t] ≥ 0; negative ids are
    /// padding). A row without tokens gives zeros. ids is [batch, length].
    /// </summary>
    public static void BagMean<T>(ReadOnlySpan<T> table, ReadOnlySpan<int> ids, Span<T> dst, int length, int dim)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        dst.Clear();
        for (var b = 0; b < ids.Length / length; b++)
        {
            var row = dst.Slice(b * dim, dim);
            var tokens = ids.Slice(b * length, length);
            foreach (var id in tokens)
                if (id >= 0) TensorPrimitives.Add(row, table.Slice(id * dim, dim), row);
            var count = Count(tokens);
            if (count > 0) TensorPrimitives.Divide(row, T.CreateChecked(count), row);
        }
    }

    /// <summary>The pullback of <see cref="BagMean{T}"/>: dtable[ids[b, t], :] += dy[b, :] / count_b.</summary>
    public static void BagMeanBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> ids, Span<T> dtable, int length, int dim)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        dtable.Clear();
        for (var b = 0; b < ids.Length / length; b++)
        {
            var tokens = ids.Slice(b * length, length);
            var count = Count(tokens);
            foreach (var id in tokens)
                if (id >= 0)
                {
                    var row = dtable.Slice(id * dim, dim);
                    TensorPrimitives.MultiplyAdd(dy.Slice(b * dim, dim), T.One / T.CreateChecked(count), row, row);
                }
        }
    }

    private static int Count(ReadOnlySpan<int> tokens)
    {
        var count = 0;
        foreach (var id in tokens) if (id >= 0) count++;
        return count;
    }
}
