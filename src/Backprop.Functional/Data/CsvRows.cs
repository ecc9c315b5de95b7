using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using Backprop.Functional.Tensors;
using CsvHelper;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>CSV parsing shared by the CSV readers: records with their line numbers, and numeric rows to a data set.</summary>
internal static class CsvRows
{
    private static readonly CsvReaderOptions Options = new()
    {
        HasHeader = false,
        Separator = ',',
        TrimWhitespace = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        MaxRecordSize = 1 << 20,
    };

    /// <summary>Every record of the stream (which it disposes) with its 1-based line number.</summary>
    public static Fin<List<(int Line, string[] Cells)>> Read(Stream stream, string source, bool gzip)
    {
        var rows = new List<(int, string[])>();
        try
        {
            using var reader = CsvReader.Create(gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream, Options, leaveOpen: false);
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i);
                rows.Add(((int)reader.LineNumber, cells));
            }
            return rows;
        }
        catch (CsvFormatException e)
        {
            return Error.New($"{source}, line {e.LineNumber}: {FirstLine(e.Message)}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Error.New($"{source}, after line {(rows.Count > 0 ? rows[^1].Item1 : 0)}: cannot read: {e.Message}");
        }
    }

    /// <summary>Rows of <paramref name="features"/> numbers (divided by <paramref name="scale"/>) then an integer label.</summary>
    public static Fin<Dataset<T>> ToDataset<T>(IReadOnlyList<(int Line, string[] Cells)> rows, string source, int features, double scale, int? classes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows.Count == 0) return Error.New($"{source}: no rows");
        if (features < 1) return Error.New($"{source}, line {rows[0].Line}: expected at least one feature and a label, found {features + 1} values");
        var values = new T[rows.Count * features];
        var labels = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var (line, cells) = rows[r];
            if (cells.Length != features + 1)
                return Error.New($"{source}, line {line}: expected {features + 1} values, found {cells.Length}");
            for (var c = 0; c < features; c++)
                if (CsvCell.Number<T>(cells[c], scale, out var v) is { } problem) return Error.New($"{source}, line {line}, column {c + 1}: {problem}");
                else values[r * features + c] = T.CreateChecked(v);
            if (!int.TryParse(cells[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var label) || label < 0 || label >= (classes ?? int.MaxValue))
                return Error.New($"{source}, line {line}, column {features + 1}: label '{cells[^1]}' is not an integer in 0..{(classes is { } k ? k - 1 : "")}");
            labels[r] = label;
        }
        return new Dataset<T>(Tensor<T>.Own(new Shape(rows.Count, features), values), labels, classes ?? labels.Max() + 1);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
