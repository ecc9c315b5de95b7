using System.Numerics;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>The data sets bundled in the library as embedded resources (attribution in DATA.md).</summary>
public static class DataSets
{
    /// <summary>UCI optical digits: 1,797 images of 8x8 pixels scaled to [0, 1], labels 0..9.</summary>
    public static Fin<Dataset<T>> Digits<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Resource("digits.csv.gz").Bind(s => LabelledCsv.Read<T>(s, "digits.csv.gz (embedded)", gzip: true, scale: 16.0));

    internal static Fin<Stream> Resource(string name) =>
        typeof(DataSets).Assembly.GetManifestResourceStream(name) is { } stream
            ? stream
            : Error.New($"embedded data set '{name}' is missing from the assembly");
}
