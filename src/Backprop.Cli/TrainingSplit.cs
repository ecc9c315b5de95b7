using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;

namespace Backprop.Cli;

/// <summary>
/// The training split of a classification set: a <see cref="Dataset{T}"/>, or (the bundled image sets) an
/// <see cref="ImageSet"/> whose bytes become <typeparamref name="T"/> one batch at a time, a quarter of the memory.
/// Exactly one of <see cref="Rows"/> and <see cref="Images"/> is set; both give the same batches.
/// </summary>
public sealed record TrainingSplit<T>(Dataset<T>? Rows, ImageSet? Images) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static TrainingSplit<T> Of(Dataset<T> rows) => new(rows, null);

    public static TrainingSplit<T> Of(ImageSet images) => new(null, images);

    public int Count => Rows?.Count ?? Images!.Count;

    public int Classes => Rows?.Classes ?? Images!.Classes;

    public ImmutableArray<string> ClassNames => Rows?.ClassNames ?? Images!.ClassNames;

    public IReadOnlyList<int> Labels => Rows?.Labels ?? (IReadOnlyList<int>)Images!.Labels;

    /// <summary>Shuffled mini-batches for one epoch, as <see cref="Dataset{T}.Batches"/>.</summary>
    public IEnumerable<Dataset<T>> Batches(Key key, int batchSize) => Rows?.Batches(key, batchSize) ?? Images!.Batches<T>(key, batchSize);

    /// <summary>The features of the first <paramref name="count"/> rows.</summary>
    public Tensor<T> First(int count) => Rows?.Features.Rows(0, count) ?? Images!.Take([.. Enumerable.Range(0, count)]).ToDataset<T>().Features;

    /// <summary>Each example seen as <paramref name="exampleShape"/>.</summary>
    public TrainingSplit<T> Reshape(int[] exampleShape) => new(Rows?.Reshape(exampleShape), Images?.Reshape(exampleShape));

    /// <summary>The whole split in <typeparamref name="T"/> (converted from the bytes for an image set).</summary>
    public Dataset<T> ToDataset() => Rows ?? Images!.ToDataset<T>();
}
