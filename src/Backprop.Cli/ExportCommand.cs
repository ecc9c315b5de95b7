using System.CommandLine;
using Backprop.Functional.Interop;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// `export --params P --out model.onnx`: the trained model as ONNX (run it with ONNX Runtime), or with
/// `--format torch` as a PyTorch state_dict in safetensors for the same layers in an nn.Sequential. The architecture
/// comes from the run, as for `eval`. Models trained on a CSV file take standardised features, as in training.
/// </summary>
public static class ExportCommand
{
    public static readonly string[] Formats = ["onnx", "torch"];

    public static Command Create()
    {
        var file = new System.CommandLine.Option<string>("--params") { Description = "params.safetensors (or checkpoint.safetensors) written by `train`", Required = true };
        var output = new System.CommandLine.Option<string>("--out") { Description = "the file to write (model.onnx, or state_dict.safetensors)", Required = true };
        var format = new System.CommandLine.Option<string>("--format") { Description = "onnx (default) or torch", DefaultValueFactory = _ => "onnx" };
        var command = new Command("export", "Export a trained model as ONNX (runs in ONNX Runtime) or as a PyTorch state_dict (safetensors).") { file, output, format };
        command.SetAction(r => Run(r.GetValue(file)!, r.GetValue(output)!, r.GetValue(format)!)
            .Match(text =>
            {
                Console.WriteLine(text);
                return 0;
            }, e =>
            {
                Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
                return CommandLine.UsageError;
            }));
        return command;
    }

    /// <summary>What was written, or the one error (nothing written then).</summary>
    public static Fin<string> Run(string path, string output, string format) =>
        from _ in Formats.Contains(format) ? Fin<Unit>.Succ(Unit.Default) : Error.New($"--format '{format}': expected {string.Join(" or ", Formats)}")
        from file in EvalCommand.Parameters(path)
        from spec in ModelSpec.FromMetadata(file.Metadata, path)
        let model = spec.Build<float>()
        let sample = Key.Create(spec.Seed).Normal<float>(new Shape([2, .. spec.InputShape]))
        from text in format == "onnx"
            ? OnnxFile.Export(model, file.Tensors, sample, output).Map(m => $"wrote {output}: {m}")
            : from names in TorchStateDict.SequentialNames(model, file.Tensors, sample)
              from __ in TorchStateDict.Write(output, file.Tensors, Params<float>.Empty, names)
              select $"wrote {output}: a PyTorch state_dict for nn.Sequential of {spec.Describe()} ({string.Join(", ", names.OrderBy(n => int.Parse(n.Value)).Select(n => $"{n.Value}: {n.Key}"))})"
        select text + (spec.FeatureMean is not null ? $"\nthe model takes standardised features (training means and deviations are in {path}'s metadata)" : "");
}
