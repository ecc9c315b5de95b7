using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Broadcasts and reductions over the rows of a row-major matrix.</summary>
public static class Rowwise
{
    /// <summary>y[i, :] = x[i, :] + row for every row i.</summary>
    public static void AddRow<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> row, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var cols = row.Length;
        for (var offset = 0; offset < x.Length; offset += cols)
            TensorPrimitives.Add(x.Slice(offset, cols), row, y.Slice(offset, cols));
    }

    /// <summary>sums[:] = Σ_i x[i, :]: the column sums (the sum over the batch).</summary>
    public static void SumRows<T>(ReadOnlySpan<T> x, Span<T> sums)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var cols = sums.Length;
        sums.Clear();
        for (var offset = 0; offset < x.Length; offset += cols)
            TensorPrimitives.Add(sums, x.Slice(offset, cols), sums);
    }
}
