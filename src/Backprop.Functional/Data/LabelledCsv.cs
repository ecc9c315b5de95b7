using System.Numerics;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// Reads CSV rows of numeric features followed by an integer label (the UCI digits layout), plain or
/// gzipped, through CsvHelper. Errors name the source and the line.
/// </summary>
public static class LabelledCsv
{
    /// <summary>Reads <paramref name="stream"/> (and disposes it); features are divided by <paramref name="scale"/>.</summary>
    public static Fin<Dataset<T>> Read<T>(Stream stream, string source, bool gzip, double scale = 1.0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        CsvRows.Read(stream, source, gzip).Bind(rows =>
            CsvRows.ToDataset<T>(rows, source, rows.Count == 0 ? 0 : rows[0].Cells.Length - 1, scale, classes: null));

    public static Fin<Dataset<T>> ReadFile<T>(string path, double scale = 1.0) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        File.Exists(path)
            ? Read<T>(File.OpenRead(path), path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase), scale)
            : Error.New($"{path}: file not found");
}
