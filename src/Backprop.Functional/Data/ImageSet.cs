using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// A labelled image set kept as its IDX file's bytes, [n, height, width], and turned into floating-point
/// features (each byte times <see cref="Scale"/>) only when asked: a batch at a time, or whole.
/// MNIST's 8,000 training images take 6.3 MB here and 25 MB as a float32 <see cref="Dataset{T}"/>. Rows are chosen by
/// index into the file (<see cref="Rows"/>), so taking, splitting and batching copy no pixels. Everything equals,
/// element for element, what the same operation on <see cref="ToDataset{T}"/> gives.
/// </summary>
public sealed record ImageSet(IdxArray Images, ImmutableArray<int> Rows, ImmutableArray<int> Labels, int Classes, double Scale)
{
    /// <summary>Every image of <paramref name="images"/> with its label, in file order.</summary>
    public static ImageSet Of(IdxArray images, int[] labels, int classes, double scale) =>
        From(images, labels, classes, scale).Match(set => set, e => throw new ArgumentException(e.Message, Mismatch(images, labels) ?? nameof(images)));

    /// <summary>As <see cref="Of"/>, with an error naming the file when its dimensions are not [n, height, width] or its n is not the labels' count.</summary>
    public static Fin<ImageSet> From(IdxArray images, int[] labels, int classes, double scale) =>
        images.Dims.Length != 3 ? Error.New($"{images.Source}: dimensions [{string.Join(", ", images.Dims)}]; expected [n, height, width]")
        : labels.Length != images.Dims[0] ? Error.New($"{images.Source}: {images.Dims[0]} images but {labels.Length} labels")
        : new ImageSet(images, [.. Enumerable.Range(0, labels.Length)], [.. labels], classes, scale) { ExampleShape = [images.Dims[1] * images.Dims[2]] };

    /// <summary>The parameter a failed <see cref="From"/> is about: the labels when only their count is wrong.</summary>
    private static string? Mismatch(IdxArray images, int[] labels) => images.Dims.Length == 3 && labels.Length != images.Dims[0] ? nameof(labels) : null;

    public int Count => Rows.Length;

    /// <summary>The class names, by label (empty when the source has none).</summary>
    public ImmutableArray<string> ClassNames { get; init; } = [];

    /// <summary>The shape each example takes as features: [height · width] (a dense layer's input) unless reshaped.</summary>
    public ImmutableArray<int> ExampleShape { get; init; } = [];

    /// <summary>The rows at the given indices (into this set), in that order.</summary>
    public ImageSet Take(ReadOnlySpan<int> rows)
    {
        var (picked, labels) = (new int[rows.Length], new int[rows.Length]);
        for (var i = 0; i < rows.Length; i++) (picked[i], labels[i]) = (Rows[rows[i]], Labels[rows[i]]);
        return this with { Rows = [.. picked], Labels = [.. labels] };
    }

    /// <summary>The split <see cref="Dataset{T}.Split"/> makes: the first <paramref name="trainFraction"/> of a keyed permutation trains.</summary>
    public (ImageSet Train, ImageSet Test) Split(Key key, double trainFraction)
    {
        var (train, test) = Dataset<float>.SplitRows(key, Count, trainFraction);
        return (Take(train), Take(test));
    }

    /// <summary>The same rows with each example seen as <paramref name="exampleShape"/>, [1, 28, 28] for a conv net.</summary>
    public ImageSet Reshape(params int[] exampleShape) =>
        exampleShape.Aggregate(1, (a, b) => a * b) == Images.Dims[1] * Images.Dims[2]
            ? this with { ExampleShape = [.. exampleShape] }
            : throw new ArgumentException($"{Images.Source}: an image has {Images.Dims[1] * Images.Dims[2]} pixels, not [{string.Join(", ", exampleShape)}]", nameof(exampleShape));

    /// <summary>The rows as a data set: features [n, ..<see cref="ExampleShape"/>] of type <typeparamref name="T"/>.</summary>
    public Dataset<T> ToDataset<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(Images.ToTensor<T>(Rows.AsSpan(), Scale).Reshape(new Shape([Count, .. ExampleShape])), [.. Labels], Classes) { ClassNames = ClassNames };

    /// <summary>
    /// Shuffled mini-batches for one epoch, each converted when it is reached: the batches
    /// <c>ToDataset&lt;T&gt;().Batches(key, batchSize)</c> gives, without the whole set in <typeparamref name="T"/>.
    /// </summary>
    public IEnumerable<Dataset<T>> Batches<T>(Key key, int batchSize) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        return Lazy(key.Permutation(Count));

        IEnumerable<Dataset<T>> Lazy(int[] order)
        {
            for (var start = 0; start < Count; start += batchSize)
                yield return Take(order.AsSpan(start, Math.Min(batchSize, Count - start))).ToDataset<T>();
        }
    }
}
