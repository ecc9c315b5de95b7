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

    public static Fin<PreparedData<T>> Load<T>(string name, int seed, string model) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var splitKey = SplitKey(seed);
        var side = ImageSide(name);
        if (model == "conv" && side is null) return Error.New($"--model conv needs images: --data mnist, fashion or digits, not '{name}'");
        return Read<T>(name, splitKey).Bind(data =>
        {
            if (data.Count < 2) return Error.New($"--data '{name}': {data.Count} rows; need at least 2 to split");
            var (train, test) = data.Split(splitKey, 0.8);
            if (name is "iris" || IsCsv(name)) (train, test, _) = Standardiser<T>.FitApply(train, test);
            int[] shape = model == "conv" && side is { } s ? [1, s, s] : [train.Features.Size / train.Count];
            return Fin<PreparedData<T>>.Succ(new(train.Reshape(shape), test.Reshape(shape), shape, side is { } h ? (h, h) : null));
        });
    }

    private static bool IsCsv(string name) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    private static Fin<Dataset<T>> Read<T>(string name, Key splitKey) where T : unmanaged, IBinaryFloatingPointIeee754<T> => name switch
    {
        "digits" => Datasets.Digits<T>(),
        "mnist" => Datasets.Mnist<T>(),
        "fashion" => Datasets.Fashion<T>(),
        "iris" => Datasets.Iris<T>(),
        "spam" => Datasets.Spam<T>(splitKey, 0.8),
        _ when IsCsv(name) => LabelledCsv.ReadFile<T>(name),
        _ => Error.New($"--data '{name}': unknown data set; expected {string.Join(", ", Names)} or a .csv file"),
    };
}
