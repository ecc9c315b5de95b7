using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;

namespace Backprop.Cli;

/// <summary>
/// One side of a classification set's split: a <see cref="Dataset{T}"/>, or (the bundled image sets) an
/// <see cref="ImageSet"/> whose bytes become <typeparamref name="T"/> one batch or group at a time, a quarter of the memory.
/// Exactly one of <see cref="Rows"/> and <see cref="Images"/> is set; both give the same batches.
/// </summary>
public sealed record LabelledSplit<T>(Dataset<T>? Rows, ImageSet? Images) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static LabelledSplit<T> Of(Dataset<T> rows) => new(rows, null);

    public static LabelledSplit<T> Of(ImageSet images) => new(null, images);

    public int Count => Rows?.Count ?? Images!.Count;

    public int Classes => Rows?.Classes ?? Images!.Classes;

    public ImmutableArray<string> ClassNames => Rows?.ClassNames ?? Images!.ClassNames;

    public IReadOnlyList<int> Labels => Rows?.Labels ?? (IReadOnlyList<int>)Images!.Labels;

    /// <summary>Shuffled mini-batches for one epoch, as <see cref="Dataset{T}.Batches"/>.</summary>
    public IEnumerable<Dataset<T>> Batches(Key key, int batchSize) => Rows?.Batches(key, batchSize) ?? Images!.Batches<T>(key, batchSize);

    /// <summary>The values in one example.</summary>
    public int ExampleSize => Rows is { } r ? r.Features.Size / Math.Max(1, r.Count) : Images!.Images.Dims.Skip(1).Aggregate(1, (a, b) => a * b);

    /// <summary>The features of the first <paramref name="count"/> rows.</summary>
    public Tensor<T> First(int count) => Range(0, count).Features;

    /// <summary>Every row in order, <paramref name="size"/> rows at a time (the last group may hold fewer).</summary>
    public IEnumerable<Dataset<T>> Groups(int size) =>
        Enumerable.Range(0, (Count + size - 1) / size).Select(i => Range(i * size, Math.Min(size, Count - i * size)));

    private Dataset<T> Range(int start, int count)
    {
        int[] rows = [.. Enumerable.Range(start, count)];
        return Rows?.Take(rows) ?? Images!.Take(rows).ToDataset<T>();
    }

    /// <summary>Each example seen as <paramref name="exampleShape"/>.</summary>
    public LabelledSplit<T> Reshape(int[] exampleShape) => new(Rows?.Reshape(exampleShape), Images?.Reshape(exampleShape));

    /// <summary>The whole split in <typeparamref name="T"/> (converted from the bytes for an image set).</summary>
    public Dataset<T> ToDataset() => Rows ?? Images!.ToDataset<T>();
}
