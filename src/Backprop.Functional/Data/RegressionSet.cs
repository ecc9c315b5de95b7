using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>A regression data set: features [n, ...] and a real target per row, [n, 1].</summary>
public sealed record RegressionSet<T>(Tensor<T> Features, Tensor<T> Targets) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public int Count => Targets.Shape[0];

    /// <summary>The rows at the given indices, in that order.</summary>
    public RegressionSet<T> Take(ReadOnlySpan<int> rows) => new(Features.Gather(rows), Targets.Gather(rows));

    /// <summary>The keyed shuffle-and-split of <see cref="Dataset{T}.SplitRows"/>: the same rows as a classification split with that key.</summary>
    public (RegressionSet<T> Train, RegressionSet<T> Test) Split(Key key, double trainFraction)
    {
        var (train, test) = Dataset<T>.SplitRows(key, Count, trainFraction);
        return (Take(train), Take(test));
    }

    /// <summary>Shuffled mini-batches for one epoch, made lazily (the last one may be smaller).</summary>
    public IEnumerable<RegressionSet<T>> Batches(Key key, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        var order = key.Permutation(Count);
        for (var start = 0; start < Count; start += batchSize)
            yield return Take(order.AsSpan(start, Math.Min(batchSize, Count - start)));
    }
}
