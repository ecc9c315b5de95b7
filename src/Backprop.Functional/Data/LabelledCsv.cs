using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// Reads CSV rows of numeric features followed by an integer label (the UCI digits layout), plain or
/// gzipped. Errors name the source and the line.
/// </summary>
public static class LabelledCsv
{
    public static Fin<Dataset<T>> Read<T>(Stream stream, string source, bool gzip, double scale = 1.0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        try
        {
            using var reader = new StreamReader(gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream);
            return Parse<T>(reader, source, scale);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Error.New($"{source}: cannot read: {e.Message}");
        }
    }

    public static Fin<Dataset<T>> ReadFile<T>(string path, double scale = 1.0) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        File.Exists(path)
            ? Read<T>(File.OpenRead(path), path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase), scale)
            : Error.New($"{path}: file not found");

    private static Fin<Dataset<T>> Parse<T>(TextReader reader, string source, double scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var features = new List<T>();
        var labels = new List<int>();
        var width = -1;
        var lineNo = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNo++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (width < 0) width = cells.Length;
            if (cells.Length != width || width < 2)
                return Error.New($"{source}, line {lineNo}: expected {Math.Max(width, 2)} values, found {cells.Length}");
            for (var c = 0; c < width - 1; c++)
                if (double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) features.Add(T.CreateChecked(v / scale));
                else return Error.New($"{source}, line {lineNo}, column {c + 1}: '{cells[c]}' is not a number");
            if (!int.TryParse(cells[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var label) || label < 0)
                return Error.New($"{source}, line {lineNo}, column {width}: label '{cells[^1]}' is not a non-negative integer");
            labels.Add(label);
        }
        if (labels.Count == 0) return Error.New($"{source}: no rows");
        return new Dataset<T>(Tensor<T>.FromSpan(new Shape(labels.Count, width - 1), features.ToArray()), [.. labels], labels.Max() + 1);
    }
}
