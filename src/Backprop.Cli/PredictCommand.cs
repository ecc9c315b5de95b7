using System.CommandLine;
using System.Globalization;
using System.Text;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// `predict --params P --data F`: the model's prediction for every row of a CSV file with the training file's columns
/// (the target column may be absent), as CSV: the line number, the prediction (a class name, or a value in the target's
/// units) and, when F has the target, the actual value. Features are encoded and standardised as in training.
/// </summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var file = new System.CommandLine.Option<string>("--params") { Description = "params.safetensors (or checkpoint.safetensors) written by `train` on a CSV file", Required = true };
        var data = new System.CommandLine.Option<string>("--data") { Description = "a CSV file with the training file's columns", Required = true };
        var output = new System.CommandLine.Option<string?>("--out") { Description = "the CSV file to write (default: standard output)" };
        var command = new Command("predict", "Predict every row of a CSV file with a trained model; write the predictions as CSV.") { file, data, output };
        command.SetAction(r => Run(r.GetValue(file)!, r.GetValue(data)!).Bind(csv => r.GetValue(output) is { } path ? Write(path, csv) : Print(csv))
            .Match(_ => 0, e =>
            {
                Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
                return CommandLine.UsageError;
            }));
        return command;
    }

    /// <summary>The predictions as CSV text, or the one error.</summary>
    public static Fin<string> Run(string path, string data) =>
        from file in EvalCommand.Parameters(path)
        from spec in ModelSpec.FromMetadata(file.Metadata, path)
        from columns in spec.Columns is { } c && spec.FeatureMean is { } && spec.FeatureStd is { }
            ? Fin<TableColumn[]>.Succ(c) : Error.New($"{path}: not trained on a CSV file (no column encoding saved); predict needs one")
        from table in CsvTable.ReadFile(data)
        from indexed in Locate(table, columns)
        let at = (Func<int, int, string>)((line, column) => $"{data}, line {line}, column {column + 1}" + (table.HasHeader ? $" ('{table.Columns[column]}')" : ""))
        from empty in table.Rows.FirstOrDefault(r => indexed.Any(i => r.Cells[i.Index].Length == 0)) is { Cells: not null } bad
            ? Error.New($"{at(bad.Line, indexed.First(i => bad.Cells[i.Index].Length == 0).Index)}: empty cell; predict needs every feature")
            : Fin<Unit>.Succ(Unit.Default)
        from features in TableData<float>.Encode(table.Rows, indexed, at)
        let standardised = new Standardiser<float>(Tensor<float>.FromSpan(new Shape(spec.FeatureMean!.Length), [.. spec.FeatureMean!.Select(v => (float)v)]),
            Tensor<float>.FromSpan(new Shape(spec.FeatureStd!.Length), [.. spec.FeatureStd!.Select(v => (float)v)])).Apply(features)
        from outputs in spec.Build<float>().Predict(file.Tensors, standardised)
            .Match(Fin<Tensor<float>>.Succ, e => Error.New($"{path}: the parameters do not fit model {spec.Describe()}: {e.Message}"))
        select Csv(spec, table, outputs);

    /// <summary>Each trained column's index in <paramref name="table"/>, by name; an error lists the missing ones.</summary>
    private static Fin<(int Index, TableColumn Column)[]> Locate(CsvTable table, TableColumn[] columns)
    {
        var missing = columns.Where(c => !table.Columns.Contains(c.Name)).Select(c => c.Name).ToArray();
        return missing.Length > 0
            ? Error.New($"{table.Source}: no column {string.Join(", ", missing.Select(m => $"'{m}'"))}; the model was trained on {string.Join(", ", columns.Select(c => c.Name))}")
            : columns.Select(c => (table.Columns.IndexOf(c.Name), c)).ToArray();
    }

    private static string Csv(ModelSpec spec, CsvTable table, Tensor<float> outputs)
    {
        var target = spec.Table?.Target ?? (table.HasHeader ? null : table.Columns[^1]);
        var actual = target is not null && table.Columns.IndexOf(target) is var t and >= 0 ? t : -1;
        var regression = spec.Task == "regression";
        var names = spec.ClassNames ?? [.. Enumerable.Range(0, spec.Classes).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        var predicted = regression
            ? outputs.ToArray().Select(y => (y * spec.TargetStd + spec.TargetMean).ToString("R", CultureInfo.InvariantCulture)).ToArray()
            : Metrics.Predictions(outputs).Select(k => names[k]).ToArray();
        var text = new StringBuilder($"line,predicted{(actual >= 0 ? ",actual" : "")}\n");
        for (var r = 0; r < table.Rows.Count; r++)
            text.Append(CultureInfo.InvariantCulture, $"{table.Rows[r].Line},{predicted[r]}{(actual >= 0 ? "," + table.Rows[r].Cells[actual] : "")}\n");
        return text.ToString();
    }

    private static Fin<Unit> Print(string csv)
    {
        Console.Out.Write(csv);
        return Unit.Default;
    }

    private static Fin<Unit> Write(string path, string csv) => RunFiles.WriteText(path, csv);
}
