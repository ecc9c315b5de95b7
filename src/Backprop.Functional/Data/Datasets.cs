using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>The data sets bundled in the library as embedded resources (attribution in DATA.md).</summary>
public static class Datasets
{
    /// <summary>Fashion-MNIST's ten class names, by label.</summary>
    public static readonly string[] FashionClasses =
        ["T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    /// <summary>UCI optical digits: 1,797 images of 8x8 pixels scaled to [0, 1], labels 0..9.</summary>
    public static Fin<Dataset<T>> Digits<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Resource("digits.csv.gz").Bind(s => LabelledCsv.Read<T>(s, "digits.csv.gz (embedded)", gzip: true, scale: 16.0));

    /// <summary>10,000 MNIST digits: features [10000, 784] scaled to [0, 1], labels 0..9. <c>Reshape(1, 28, 28)</c> for a conv net.</summary>
    public static Fin<Dataset<T>> Mnist<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => MnistImages().Map(s => s.ToDataset<T>());

    /// <summary>The 10,000 MNIST digits kept as bytes (7.8 MB), converted to features in [0, 1] as <see cref="ImageSet"/> is asked to.</summary>
    public static Fin<ImageSet> MnistImages() =>
        Images("mnist10k-images-idx3-ubyte.gz", "mnist10k-labels-idx1-ubyte.gz", [.. Enumerable.Range(0, 10).Select(i => i.ToString())]);

    /// <summary>
    /// <c>Mnist&lt;T&gt;().Split(key, trainFraction)</c>, equal element for element, without the whole set in
    /// <typeparamref name="T"/>: each side's rows are converted straight from the file's bytes.
    /// </summary>
    public static Fin<(Dataset<T> Train, Dataset<T> Test)> MnistSplit<T>(Key key, double trainFraction) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        MnistImages().Map(s => s.Split(key, trainFraction)).Map(d => (d.Train.ToDataset<T>(), d.Test.ToDataset<T>()));

    /// <summary><c>Fashion&lt;T&gt;().Split(key, trainFraction)</c>, equal element for element, as <see cref="MnistSplit{T}"/>.</summary>
    public static Fin<(Dataset<T> Train, Dataset<T> Test)> FashionSplit<T>(Key key, double trainFraction) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        FashionImages().Map(s => s.Split(key, trainFraction)).Map(d => (d.Train.ToDataset<T>(), d.Test.ToDataset<T>()));

    /// <summary>10,000 Fashion-MNIST images (the test set): features [10000, 784] in [0, 1], ten classes (<see cref="FashionClasses"/>).</summary>
    public static Fin<Dataset<T>> Fashion<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => FashionImages().Map(s => s.ToDataset<T>());

    /// <summary>The 10,000 Fashion-MNIST images kept as bytes, as <see cref="MnistImages"/>.</summary>
    public static Fin<ImageSet> FashionImages() =>
        Images("fashion10k-images-idx3-ubyte.gz", "fashion10k-labels-idx1-ubyte.gz", FashionClasses);

    /// <summary>Fisher's iris: features [150, 4] in centimetres (standardise them), classes setosa, versicolor, virginica.</summary>
    public static Fin<Dataset<T>> Iris<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Resource("iris.csv.gz").Bind(s => CountedCsv.Read<T>(s, "iris.csv.gz (embedded)", gzip: true));

    /// <summary>The 4,896 SpamAssassin e-mails (1,896 spam, 3,000 ham), as records.</summary>
    public static Fin<Email[]> SpamEmails() =>
        Resource("spam-assassin.jsonl.gz").Bind(s => JsonLines.Read<Email>(s, "spam-assassin.jsonl.gz (embedded)", gzip: true, Email.Check));

    /// <summary>
    /// The spam e-mails as bag-of-words features [4896, <paramref name="words"/>], labels 0 = ham, 1 = spam.
    /// The vocabulary (the most frequent words) is built from the training rows of
    /// <c>Split(<paramref name="splitKey"/>, <paramref name="trainFraction"/>)</c> only: split the result with
    /// that same key and fraction and no test e-mail has shaped the features.
    /// </summary>
    public static Fin<Dataset<T>> Spam<T>(Key splitKey, double trainFraction = 0.8, int words = 2000, TextFeatures features = TextFeatures.Binary)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        SpamEmails().Map(emails =>
        {
            var texts = emails.Select(e => e.Text).ToArray();
            var (train, _) = Dataset<T>.SplitRows(splitKey, texts.Length, trainFraction);
            var vocabulary = Vocabulary.Build(train.Select(i => texts[i]), words);
            return new Dataset<T>(vocabulary.Vectorise<T>(texts, features), [.. emails.Select(e => e.IsSpam ? 1 : 0)], 2)
            {
                ClassNames = ["ham", "spam"],
            };
        });

    private static Fin<ImageSet> Images(string images, string labels, string[] names) =>
        from x in Resource(images).Bind(s => Idx.Read(s, $"{images} (embedded)", gzip: true))
        from y in Resource(labels).Bind(s => Idx.Read(s, $"{labels} (embedded)", gzip: true)).Bind(a => a.ToLabels(10))
        from set in ImageSet.From(x, y, 10, 1.0 / 255)
        select set with { ClassNames = [.. names] };

    internal static Fin<Stream> Resource(string name) =>
        typeof(Datasets).Assembly.GetManifestResourceStream(name) is { } stream
            ? stream
            : Error.New($"embedded data set '{name}' is missing from the assembly");
}
