using System.Globalization;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// Reads the CSV layout scikit-learn ships iris in: a first line "rows,features,name0,name1,..."
/// (the class names), then rows of features and a class index. The counts are checked.
/// </summary>
public static class CountedCsv
{
    /// <summary>Reads <paramref name="stream"/> (and disposes it); features are divided by <paramref name="scale"/>.</summary>
    public static Fin<Dataset<T>> Read<T>(Stream stream, string source, bool gzip, double scale = 1.0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        CsvRows.Read(stream, source, gzip).Bind(rows => Parse<T>(rows, source, scale));

    public static Fin<Dataset<T>> ReadFile<T>(string path, double scale = 1.0) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        File.Exists(path)
            ? Read<T>(File.OpenRead(path), path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase), scale)
            : Error.New($"{path}: file not found");

    private static Fin<Dataset<T>> Parse<T>(List<(int Line, string[] Cells)> rows, string source, double scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows.Count == 0) return Error.New($"{source}: no header line");
        var (line, head) = rows[0];
        if (head.Length < 3
            || !int.TryParse(head[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(head[1], NumberStyles.None, CultureInfo.InvariantCulture, out var features))
            return Error.New($"{source}, line {line}: expected a header 'rows,features,class names...', found '{string.Join(",", head)}'");
        var body = rows.GetRange(1, rows.Count - 1);
        if (body.Count != count)
            return Error.New($"{source}, line {(body.Count > 0 ? body[^1].Line : line)}: the header promises {count} rows, the file has {body.Count}");
        return CsvRows.ToDataset<T>(body, source, features, scale, head.Length - 2)
            .Map(d => d with { ClassNames = [.. head[2..]] });
    }
}
