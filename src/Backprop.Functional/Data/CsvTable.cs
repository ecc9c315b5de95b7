using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// A CSV file as text cells, each row with its line number. The first row is taken as a header when every cell of
/// it is a non-empty name that is not a number; otherwise the columns are named "column 1", "column 2", ...
/// Every row has as many cells as the header.
/// </summary>
public sealed record CsvTable(string Source, ImmutableArray<string> Columns, bool HasHeader, IReadOnlyList<(int Line, string[] Cells)> Rows)
{
    public static Fin<CsvTable> ReadFile(string path) =>
        File.Exists(path)
            ? Read(File.OpenRead(path), path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            : Error.New($"{path}: file not found");

    /// <summary>Reads <paramref name="stream"/> (and disposes it).</summary>
    public static Fin<CsvTable> Read(Stream stream, string source, bool gzip) =>
        CsvRows.Read(stream, source, gzip).Bind(rows =>
        {
            if (rows.Count == 0) return Error.New($"{source}: no rows");
            var first = rows[0].Cells;
            var header = first.All(c => c.Length > 0 && CsvCell.Number<double>(c, 1, out _) is not null);
            if (header && first.Distinct(StringComparer.Ordinal).Count() < first.Length)
                return Error.New($"{source}, line {rows[0].Line}: the header names '{first.GroupBy(c => c).First(g => g.Count() > 1).Key}' twice");
            var body = header ? rows.GetRange(1, rows.Count - 1) : rows;
            if (body.FirstOrDefault(r => r.Cells.Length != first.Length) is { Cells: not null } bad)
                return Error.New($"{source}, line {bad.Line}: expected {first.Length} values{(header ? " (as in the header)" : "")}, found {bad.Cells.Length}");
            ImmutableArray<string> names = header ? [.. first] : [.. Enumerable.Range(1, first.Length).Select(i => $"column {i}")];
            return Fin<CsvTable>.Succ(new CsvTable(source, names, header, body));
        });
}
