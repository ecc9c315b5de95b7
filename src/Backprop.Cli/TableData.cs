using System.Globalization;
using System.Numerics;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// A CSV table turned into training data, with what was done to it in <see cref="Notes"/> (printed before training):
/// the target column, the task and why, the columns used (numbers as they are, text with few values one-hot, text
/// with many values left out), and the rows dropped for empty cells. Exactly one of <see cref="Classes"/> and
/// <see cref="Regression"/> is set.
/// </summary>
public sealed record TableData<T>(
    IReadOnlyList<string> Notes, string Target, IReadOnlyList<TableColumn> Columns, Dataset<T>? Classes, RegressionSet<T>? Regression)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Text columns with at most this many distinct values are one-hot encoded; with more they are left out.</summary>
    public const int MaxCategories = 20;

    /// <summary>An integer target with at most this many distinct values is taken as classes when the task is "auto".</summary>
    public const int MaxAutoClasses = 20;

    public static Fin<TableData<T>> From(CsvTable table, TableOptions options)
    {
        var src = table.Source;
        var names = table.Columns;
        var target = options.Target is null ? names.Length - 1 : names.IndexOf(options.Target);
        if (target < 0)
            return Error.New($"--target '{options.Target}': {src} has no such column; " +
                             (table.HasHeader ? $"its header names {string.Join(", ", names)}" : "it has no header row (the first row is numbers)"));
        if (names.Length < 2) return Error.New($"{src}: one column; expected features and a target");
        string Where(int line, int column) => $"{src}, line {line}, column {column + 1}" + (table.HasHeader ? $" ('{names[column]}')" : "");

        var notes = new List<string>();
        var empty = table.Rows.Where(r => r.Cells.Any(c => c.Length == 0)).ToList();
        if (empty.Count > 0 && options.Missing != "drop")
            return Error.New($"{src}: {empty.Count} row{(empty.Count == 1 ? " has" : "s have")} empty cells (" +
                             string.Join("; ", empty.Take(5).Select(r => Where(r.Line, Array.FindIndex(r.Cells, c => c.Length == 0))[(src.Length + 2)..])) +
                             (empty.Count > 5 ? $"; {empty.Count - 5} more" : "") + "); pass --missing drop to leave those rows out");
        var rows = empty.Count > 0 ? table.Rows.Where(r => !r.Cells.Any(c => c.Length == 0)).ToList() : [.. table.Rows];
        if (empty.Count > 0) notes.Add($"dropped {empty.Count} of {table.Rows.Count} rows with empty cells (--missing drop)");
        if (rows.Count == 0) return Error.New($"{src}: no rows left");

        var columns = new List<(int Index, TableColumn Column)>();
        for (var c = 0; c < names.Length; c++)
        {
            if (c == target) continue;
            var numeric = rows.Count(r => IsNumberText(r.Cells[c]));
            if (numeric == rows.Count) { columns.Add((c, new TableColumn(names[c]))); continue; }
            if (numeric * 2 > rows.Count)
            {
                var odd = rows.First(r => !IsNumberText(r.Cells[c]));
                return Error.New($"{Where(odd.Line, c)}: '{odd.Cells[c]}' is not a number (most of the column's values are numbers)");
            }
            var categories = rows.Select(r => r.Cells[c]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (categories.Length <= MaxCategories) columns.Add((c, new TableColumn(names[c], categories)));
            else notes.Add($"column '{names[c]}': text with {categories.Length} distinct values, left out (one-hot takes at most {MaxCategories})");
        }
        if (columns.Count == 0) return Error.New($"{src}: no column left to use as features");
        notes.Add($"features: {string.Join(", ", columns.Select(c => c.Column.Describe()))}");

        var encoded = Encode(rows, [.. columns], Where);
        if (encoded.IsFail) return encoded.Match(_ => Error.New("unreachable"), e => e);
        var features = encoded.Match(f => f, _ => throw new InvalidOperationException());
        var used = columns.Select(c => c.Column).ToArray();
        return TableTarget.Of<T>(rows, target, names[target], options, Where).Map(t =>
        {
            notes.Insert(0, t.Note);
            return t.Labels is { } labels
                ? new TableData<T>(notes, names[target], used, new Dataset<T>(features, labels, t.ClassNames!.Length) { ClassNames = [.. t.ClassNames] }, null)
                : new TableData<T>(notes, names[target], used, null, new RegressionSet<T>(features, Tensor<T>.FromSpan(new Shape(rows.Count, 1), [.. t.Values!.Select(T.CreateChecked)])));
        });
    }

    /// <summary>
    /// The features of <paramref name="rows"/>: each column at its index, a number as it is or one-hot over its
    /// categories; a cell that is not a finite number, or a category not seen in training, is an error naming its place.
    /// </summary>
    public static Fin<Tensor<T>> Encode(IReadOnlyList<(int Line, string[] Cells)> rows, IReadOnlyList<(int Index, TableColumn Column)> columns, Func<int, int, string> where)
    {
        var width = columns.Sum(c => c.Column.Width);
        var values = new T[rows.Count * width];
        for (var r = 0; r < rows.Count; r++)
        {
            var offset = r * width;
            foreach (var (c, column) in columns)
            {
                var cell = rows[r].Cells[c];
                if (column.Categories is { } cats)
                {
                    var k = Array.IndexOf(cats, cell);
                    if (k < 0) return Error.New($"{where(rows[r].Line, c)}: '{cell}' is none of the values the model was trained on ({string.Join(", ", cats)})");
                    values[offset + k] = T.One;
                }
                else if (CsvCell.Number<T>(cell, 1, out var v) is { } problem) return Error.New($"{where(rows[r].Line, c)}: {problem}");
                else values[offset] = T.CreateChecked(v);
                offset += column.Width;
            }
        }
        return Tensor<T>.FromSpan(new Shape(rows.Count, width), values);
    }

    /// <summary>A cell that parses as a number, finite or not (so "NaN" in a number column is reported as not finite, not as text).</summary>
    internal static bool IsNumberText(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
