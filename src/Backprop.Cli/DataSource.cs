using System.Numerics;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// Loads a data set by name (or a CSV file) and prepares it the same way for `train` and `eval`: split 80/20 with
/// the seed's split key; iris and CSV files standardised with the training split's statistics; images reshaped to
/// [1, h, w] for a conv net.
/// </summary>
public static class DataSource
{
    public static readonly string[] Names = ["mnist", "fashion", "digits", "iris", "spam"];

    /// <summary>The key the train/test split is drawn with (spam also builds its vocabulary from that training split).</summary>
    public static Key SplitKey(int seed) => Key.Create(seed).Split().Left;

    /// <summary>The side (height = width) of the square images of a bundled image data set; null for the others.</summary>
    public static int? ImageSide(string name) => name switch { "mnist" or "fashion" => 28, "digits" => 8, _ => null };

    public static Fin<PreparedData<T>> Load<T>(string name, int seed, string model) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Load<T>(name, seed, model, TableOptions.Default).Bind(p => p.Classes is { } c ? Fin<PreparedData<T>>.Succ(c)
            : Error.New($"--data {name}: a regression target; expected classes"));

    /// <summary>
    /// A bundled set or a CSV file (<paramref name="table"/> says how to read it), split with the seed's split key and
    /// standardised with the training split's statistics (iris and CSV files; a regression target too).
    /// </summary>
    public static Fin<Prepared<T>> Load<T>(string name, int seed, string model, TableOptions table) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var splitKey = SplitKey(seed);
        var side = ImageSide(name);
        if (model == "conv" && side is null) return Error.New($"--model conv needs images: --data mnist, fashion or digits, not '{name}'");
        if (IsCsv(name))
            return CsvTable.ReadFile(name).Bind(t => TableData<T>.From(t, table)).Bind(t =>
                t.Classes is { } classes
                    ? Classify(Sides(classes.Split(splitKey, TrainFraction)), name, null, true, false).Map(c => new Prepared<T>(t.Notes, c.Data, null) { Columns = t.Columns, FeatureStats = c.Stats, Target = t.Target })
                    : Regress(t.Regression!, name, splitKey, t.Target).Map(r => new Prepared<T>(t.Notes, null, r.Data) { Columns = t.Columns, FeatureStats = r.Stats, Target = t.Target }));
        if (table != TableOptions.Default)
            return Error.New($"--target, --task, --missing and --relabel read CSV files; --data {name} is a bundled data set");
        return Read<T>(name, splitKey).Bind(data => Classify(data, name, side, name is "iris", model == "conv"))
            .Map(c => new Prepared<T>([], c.Data, null));
    }

    private static Fin<(PreparedData<T> Data, Standardiser<T>? Stats)> Classify<T>((LabelledSplit<T> Train, LabelledSplit<T> Test) split, string name, int? side, bool standardise, bool conv)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Check(split, name).Map(d =>
        {
            var (train, test) = d;
            Standardiser<T>? stats = null;
            if (standardise)
            {
                var (scaledTrain, scaledTest, fitted) = Standardiser<T>.FitApply(train.ToDataset(), test.ToDataset());
                (train, test, stats) = (LabelledSplit<T>.Of(scaledTrain), LabelledSplit<T>.Of(scaledTest), fitted);
            }
            int[] shape = conv && side is { } s ? [1, s, s] : [test.ExampleSize];
            return (new PreparedData<T>(train.Reshape(shape), test.Reshape(shape), shape, side is { } h ? (h, h) : null), stats);
        });

    private static Fin<(PreparedRegression<T> Data, Standardiser<T> Stats)> Regress<T>(RegressionSet<T> data, string name, Key splitKey, string target)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (trainRows, testRows) = SplitSizes(data.Count);
        if (trainRows < 1 || testRows < 1) return Error.New(TooFew(name, data.Count));
        var (train, test) = data.Split(splitKey, TrainFraction);
        var x = Standardiser<T>.Fit(train.Features);
        var y = Standardiser<T>.Fit(train.Targets);
        return (new PreparedRegression<T>(new(x.Apply(train.Features), y.Apply(train.Targets)), new(x.Apply(test.Features), y.Apply(test.Targets)),
            [train.Features.Size / train.Count], y, target), x);
    }

    public const double TrainFraction = 0.8;

    /// <summary>The rows the split gives to training and to testing, for <paramref name="count"/> rows.</summary>
    public static (int Train, int Test) SplitSizes(int count) =>
        ((int)Math.Round(count * TrainFraction), count - (int)Math.Round(count * TrainFraction));

    /// <summary>An error when the split leaves a side empty, or the labels are one class or not 0..k−1 with every class present.</summary>
    private static Fin<(LabelledSplit<T> Train, LabelledSplit<T> Test)> Check<T>((LabelledSplit<T> Train, LabelledSplit<T> Test) split, string name) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var count = split.Train.Count + split.Test.Count;
        var (train, test) = SplitSizes(count);
        var present = split.Train.Labels.Concat(split.Test.Labels).Distinct().Order().ToArray();
        var missing = Enumerable.Range(0, split.Train.Classes).Except(present).ToArray();
        return train < 1 || test < 1
                ? Error.New(TooFew(name, count))
            : present.Length < 2
                ? Error.New($"--data {name}: every row has label {present[0]}; a classifier needs at least two classes")
            : missing.Length > 0
                ? Error.New($"--data {name}: the labels are {Values(present)}, not 0..{present.Length - 1}: no rows have label {Values(missing)}; " +
                            $"renumber them ({string.Join(", ", present.Select((l, i) => $"{l}→{i}"))}))")
            : split;
    }

    private static string TooFew(string name, int count) =>
        $"--data {name}: {count} rows, which the 80/20 split makes {SplitSizes(count).Train} training and {SplitSizes(count).Test} test rows; at least 3 rows are needed";

    private static string Values(int[] values) =>
        string.Join(", ", values.Take(10)) + (values.Length > 10 ? $" and {values.Length - 10} more" : "");

    private static bool IsCsv(string name) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>A bundled set split with the split key; the image sets' sides stay bytes, converted a batch or group at a time.</summary>
    private static Fin<(LabelledSplit<T> Train, LabelledSplit<T> Test)> Read<T>(string name, Key splitKey) where T : unmanaged, IBinaryFloatingPointIeee754<T> => name switch
    {
        "mnist" => Datasets.MnistImages().Map(s => Images<T>(s.Split(splitKey, TrainFraction))),
        "fashion" => Datasets.FashionImages().Map(s => Images<T>(s.Split(splitKey, TrainFraction))),
        _ => Whole<T>(name, splitKey).Map(d => Sides(d.Split(splitKey, TrainFraction))),
    };

    private static (LabelledSplit<T> Train, LabelledSplit<T> Test) Images<T>((ImageSet Train, ImageSet Test) split) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (LabelledSplit<T>.Of(split.Train), LabelledSplit<T>.Of(split.Test));

    private static (LabelledSplit<T> Train, LabelledSplit<T> Test) Sides<T>((Dataset<T> Train, Dataset<T> Test) split) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (LabelledSplit<T>.Of(split.Train), LabelledSplit<T>.Of(split.Test));

    private static Fin<Dataset<T>> Whole<T>(string name, Key splitKey) where T : unmanaged, IBinaryFloatingPointIeee754<T> => name switch
    {
        "digits" => Datasets.Digits<T>(),
        "iris" => Datasets.Iris<T>(),
        "spam" => Datasets.Spam<T>(splitKey, 0.8),
        _ => Error.New($"--data '{name}': unknown data set; expected {string.Join(", ", Names)} or a .csv file"),
    };
}
