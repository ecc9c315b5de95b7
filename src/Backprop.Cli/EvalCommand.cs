using System.CommandLine;
using System.Globalization;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Diagnostics;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// `eval --params FILE`: loads parameters saved by `train` (the architecture, data set and seed come from the file's
/// __metadata__; --data, --model, --hidden, --activation and --seed override them, and describe the model of a file
/// without them), measures accuracy on the test split (or the training split) and prints a confusion matrix.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        System.CommandLine.Option<X> Opt<X>(string name, string description) => new(name) { Description = description };
        var file = new System.CommandLine.Option<string>("--params") { Description = "a params.safetensors written by `train`", Required = true };
        var data = Opt<string?>("--data", "data set (default: the one it was trained on)");
        var model = Opt<string?>("--model", "mlp or conv (default: from the file)");
        var hidden = Opt<string?>("--hidden", "hidden sizes (default: from the file)");
        var activation = Opt<string?>("--activation", "activation (default: from the file)");
        var seed = NumberOption.Whole("--seed", "the seed of the train/test split (default: from the file)");
        var split = new System.CommandLine.Option<string>("--split") { Description = "test or train", DefaultValueFactory = _ => "test" };
        var command = new Command("eval", "Measure saved parameters: accuracy and a confusion matrix.") { file, data, model, hidden, activation, seed, split };
        command.SetAction(r => Run(r.GetValue(file)!, r.GetValue(data), r.GetValue(model), r.GetValue(hidden), r.GetValue(activation), r.GetValue(seed), r.GetValue(split)!)
            .Match(text =>
            {
                Console.Write(text);
                return 0;
            }, e =>
            {
                Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
                return CommandLine.UsageError;
            }));
        return command;
    }

    /// <summary>The report (accuracy line and confusion matrix) or the one error.</summary>
    public static Fin<string> Run(string path, string? data, string? model, string? hidden, string? activation, int? seed, string split) =>
        from _ in split is "test" or "train" ? Fin<Unit>.Succ(Unit.Default) : Error.New($"--split '{split}': expected test or train")
        from file in Parameters(path)
        from _2 in seed is { } asked && file.Metadata.GetValueOrDefault("seed") is { Length: > 0 } trainedSeed && trainedSeed != asked.ToString(CultureInfo.InvariantCulture) && data is null
            ? Error.New($"--seed {asked}: the model was trained with seed {trainedSeed}, whose split held these test rows out; another seed's test split holds rows it was trained on")
            : Fin<Unit>.Succ(Unit.Default)
        from saved in Spec(file.Metadata, path, data, model, hidden, activation, seed)
        from prepared in DataSource.Load<float>(saved.Data, saved.Seed, saved.Kind, saved.Table ?? TableOptions.Default)
        from spec in Fits(saved, prepared)
        let note = data is not null && file.Metadata.GetValueOrDefault("data_set") is { Length: > 0 } trained && trained != data
            ? $"note: the model was trained on {trained}; the {split} split of {data} may hold rows it was trained on\n" : ""
        from report in prepared.Classes is { } classes ? Classification(path, spec, file.Tensors, classes, split) : Regression(path, spec, file.Tensors, prepared.Regression!, split)
        select note + report;

    private static Fin<string> Classification(string path, ModelSpec spec, Params<float> parameters, PreparedData<float> prepared, string split)
    {
        var rows = (split == "test" ? prepared.Test : prepared.Train).ToDataset();
        return from predicted in Evaluation.Predict(spec.Build<float>(), parameters, Params<float>.Empty, rows)
                   .Match(Fin<int[]>.Succ, e => Error.New($"{path}: the parameters do not fit model {spec.Describe()}: {e.Message}"))
               let matrix = ConfusionMatrix.From(rows.Labels, predicted, prepared.ClassNames)
               select string.Create(CultureInfo.InvariantCulture,
                   $"{path}: model {spec.Describe()}, {spec.Data} {split} split ({rows.Count} rows, seed {spec.Seed})\naccuracy {matrix.Accuracy:P2}\n\n{matrix.ToText()}");
    }

    private static Fin<string> Regression(string path, ModelSpec spec, Params<float> parameters, PreparedRegression<float> prepared, string split)
    {
        var rows = split == "test" ? prepared.Test : prepared.Train;
        return from r in Evaluation.Regression(spec.Build<float>(), parameters, Params<float>.Empty, rows, spec.TargetMean, spec.TargetStd)
                   .Match(Fin<(double Loss, double Rmse, double Mae, double R2, double[] Actual, double[] Predicted)>.Succ,
                       e => Error.New($"{path}: the parameters do not fit model {spec.Describe()}: {e.Message}"))
               select string.Create(CultureInfo.InvariantCulture,
                   $"{path}: model {spec.Describe()}, {spec.Data} {split} split ({rows.Count} rows, seed {spec.Seed}), target '{prepared.Target}'\nRMSE {r.Rmse:G4}  MAE {r.Mae:G4}  R² {ScoreText.Fixed(r.R2, 4)}\n");
    }

    /// <summary>
    /// The parameters and architecture metadata of a params.safetensors, or of a checkpoint.safetensors: its "params/"
    /// tree, with the architecture from the params.safetensors or run.json beside it.
    /// </summary>
    public static Fin<(Params<float> Tensors, IReadOnlyDictionary<string, string> Metadata)> Parameters(string path)
    {
        var read = Safetensors.Read<float>(path, convert: true);
        if (read.IsFail) return read.Match(_ => Error.New("unreachable"), e => e);
        var file = read.OrThrow();
        if (file.Metadata.GetValueOrDefault("format") != "backprop.checkpoint/1") return (file.Tensors, file.Metadata);
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "params.safetensors");
        if (!File.Exists(beside)) return Error.New($"{path}: a checkpoint holds no architecture, and there is no params.safetensors beside it to take it from");
        return from c in Checkpoint<float>.Load(path)
               from f in Safetensors.Read<float>(beside, convert: true)
               select (c.Params, (IReadOnlyDictionary<string, string>)f.Metadata);
    }

    private static Fin<ModelSpec> Spec(IReadOnlyDictionary<string, string> metadata, string path, string? data, string? model, string? hidden, string? activation, int? seed)
    {
        var fromFile = metadata.Count > 0 ? ModelSpec.FromMetadata(metadata, path)
            : data is null ? Error.New($"{path}: no __metadata__ (not saved by `backprop train`); pass --data (and --model, --hidden, --activation if not the defaults mlp, none, relu)")
            : new ModelSpec("mlp", [], "relu", 0, [], 0, data, 0);
        return fromFile.Bind(s =>
        {
            var sizes = hidden?.Split(',', StringSplitOptions.TrimEntries).Select(x => int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToArray();
            var spec = s with
            {
                Data = data ?? s.Data, Kind = model ?? s.Kind, Hidden = sizes ?? s.Hidden, Activation = activation ?? s.Activation, Seed = seed ?? s.Seed,
            };
            return sizes?.Contains(-1) == true ? Error.New($"--hidden '{hidden}': expected positive integers separated by commas")
                : !ModelSpec.Kinds.Contains(spec.Kind) ? Error.New($"--model '{spec.Kind}': expected {string.Join(" or ", ModelSpec.Kinds)}")
                : !ModelSpec.Activations.Contains(spec.Activation) ? Error.New($"--activation '{spec.Activation}': expected {string.Join(", ", ModelSpec.Activations)}")
                : Fin<ModelSpec>.Succ(spec);
        });
    }

    /// <summary>The spec with the data's example shape and classes; an error when the file was trained on other shapes.</summary>
    private static Fin<ModelSpec> Fits(ModelSpec spec, Prepared<float> data) =>
        spec.InputShape.Length > 0 && !spec.InputShape.SequenceEqual(data.ExampleShape) || spec.Classes > 0 && spec.Classes != data.Outputs
            ? Error.New($"the model takes examples [{string.Join(", ", spec.InputShape)}] into {spec.Classes} outputs; --data {spec.Data} has [{string.Join(", ", data.ExampleShape)}] and {data.Outputs}")
            : spec with { InputShape = data.ExampleShape, Classes = data.Outputs };
}
