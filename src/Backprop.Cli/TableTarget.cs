using System.Globalization;
using System.Numerics;
using Backprop.Functional.Data;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// The target column read for the task: class labels 0..k−1 with their names, or real values for regression, and
/// a note saying which task and why. With task "auto", text or whole numbers with at most
/// <see cref="TableData{T}.MaxAutoClasses"/> distinct values are classes, other numbers a regression target.
/// </summary>
public sealed record TableTarget(string Note, int[]? Labels, string[]? ClassNames, double[]? Values)
{
    public static Fin<TableTarget> Of<T>(IReadOnlyList<(int Line, string[] Cells)> rows, int column, string name, TableOptions options, Func<int, int, string> where)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var cells = rows.Select(r => r.Cells[column]).ToArray();
        var text = Array.FindIndex(cells, c => !TableData<double>.IsNumberText(c));
        var fraction = Array.FindIndex(cells, c => !long.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        var distinct = cells.Distinct(StringComparer.Ordinal).Count();
        var task = options.Task switch
        {
            "auto" when text >= 0 => "classification",
            "auto" when fraction < 0 && distinct <= TableData<double>.MaxAutoClasses => "classification",
            "auto" => "regression",
            var t => t,
        };
        var why = options.Task != "auto" ? "--task"
            : text >= 0 ? "its values are text"
            : fraction < 0 && distinct <= TableData<double>.MaxAutoClasses ? $"{distinct} distinct whole numbers; --task regression if they are amounts"
            : fraction < 0 ? $"{distinct} distinct whole numbers, more than {TableData<double>.MaxAutoClasses}; --task classification if they are classes"
            : "its values are numbers with fractions";
        var note = $"target '{name}': {task} ({why})";
        if (task == "regression")
        {
            if (text >= 0) return Error.New($"{where(rows[text].Line, column)}: '{cells[text]}' is not a number; a regression target must be numbers");
            var values = new double[cells.Length];
            for (var i = 0; i < cells.Length; i++)
                if (CsvCell.Number<T>(cells[i], 1, out values[i]) is { } problem) return Error.New($"{where(rows[i].Line, column)}: {problem}");
            return new TableTarget(note, null, null, values);
        }
        if (text < 0 && fraction >= 0)
            return Error.New($"{where(rows[fraction].Line, column)}: '{cells[fraction]}' is not a whole number; classes must be whole numbers or names (use --task regression for amounts)");
        if (distinct > 2 && distinct * 10 > cells.Length)
            return Error.New($"--target '{name}': {distinct} classes among {cells.Length} rows, more than a tenth of the rows; pass --task regression if the values are amounts");
        if (text >= 0)
        {
            var classNames = cells.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            return new TableTarget(note, [.. cells.Select(c => Array.IndexOf(classNames, c))], classNames, null);
        }
        var ints = cells.Select(c => long.Parse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
        var present = ints.Distinct().Order().ToArray();
        if (present[0] < 0 || present[^1] >= int.MaxValue)
            return Error.New($"{where(rows[Array.FindIndex(ints, v => v < 0 || v >= int.MaxValue)].Line, column)}: label '{cells[Array.FindIndex(ints, v => v < 0 || v >= int.MaxValue)]}' is not in 0..{int.MaxValue - 1}");
        if (options.Relabel)
            return new TableTarget(note + $"; labels renumbered {string.Join(", ", present.Select((l, i) => $"{l}→{i}"))}",
                [.. ints.Select(v => Array.IndexOf(present, v))], [.. present.Select(v => v.ToString(CultureInfo.InvariantCulture))], null);
        var classes = (int)present[^1] + 1;
        return new TableTarget(note, [.. ints.Select(v => (int)v)], [.. Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture))], null);
    }
}
