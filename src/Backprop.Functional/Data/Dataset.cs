using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>A labelled data set: features [n, ...] and an integer class per row.</summary>
public sealed partial record Dataset<T>(Tensor<T> Features, int[] Labels, int Classes)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public int Count => Labels.Length;

    /// <summary>The class names, by label (empty when the source has none).</summary>
    public ImmutableArray<string> ClassNames { get; init; } = [];

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
        var (train, test) = SplitRows(key, Count, trainFraction);
        return (Take(train), Take(test));
    }

    /// <summary>The row indices <see cref="Split"/> gives to each side, for <paramref name="count"/> rows.</summary>
    public static (int[] Train, int[] Test) SplitRows(Key key, int count, double trainFraction)
    {
        if (trainFraction is <= 0 or >= 1 || double.IsNaN(trainFraction))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "must be in (0, 1)");
        var order = key.Permutation(count);
        var cut = (int)Math.Round(count * trainFraction);
        return (order[..cut], order[cut..]);
    }

    /// <summary>Shuffled mini-batches for one epoch, made lazily (the last one may be smaller).</summary>
    public IEnumerable<Dataset<T>> Batches(Key key, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        var order = key.Permutation(Count);
        for (var start = 0; start < Count; start += batchSize)
            yield return Take(order.AsSpan(start, Math.Min(batchSize, Count - start)));
    }

    /// <summary>The same rows with each example seen as <paramref name="exampleShape"/>: [n, 784] to [n, 1, 28, 28] for a conv net.</summary>
    public Dataset<T> Reshape(params int[] exampleShape) =>
        this with { Features = Features.Reshape(new Shape([Count, .. exampleShape])) };
}
