using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>A labelled data set: features [n, ...] and an integer class per row.</summary>
public sealed record Dataset<T>(Tensor<T> Features, int[] Labels, int Classes)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public int Count => Labels.Length;

    /// <summary>The rows at the given indices, in that order.</summary>
    public Dataset<T> Take(ReadOnlySpan<int> rows)
    {
        var labels = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++) labels[i] = Labels[rows[i]];
        return this with { Features = Features.Gather(rows), Labels = labels };
    }

    /// <summary>A deterministic shuffle-and-split: the first <paramref name="trainFraction"/> of a keyed permutation trains.</summary>
    public (Dataset<T> Train, Dataset<T> Test) Split(Key key, double trainFraction)
    {
        if (trainFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "must be in (0, 1)");
        var order = key.Permutation(Count);
        var cut = (int)Math.Round(Count * trainFraction);
        return (Take(order.AsSpan(0, cut)), Take(order.AsSpan(cut)));
    }

    /// <summary>Shuffled mini-batches for one epoch, made lazily (the last one may be smaller).</summary>
    public IEnumerable<Dataset<T>> Batches(Key key, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        var order = key.Permutation(Count);
        for (var start = 0; start < Count; start += batchSize)
            yield return Take(order.AsSpan(start, Math.Min(batchSize, Count - start)));
    }
}
