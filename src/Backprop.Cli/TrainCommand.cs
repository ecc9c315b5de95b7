using System.CommandLine;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>`train`: fits an MLP on a bundled data set (or a CSV file) and writes summary.json.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new System.CommandLine.Option<string>("--data") { Description = "digits, mnist, fashion, iris, spam, or a CSV file of features then an integer label", DefaultValueFactory = _ => "digits" };
        var hidden = new System.CommandLine.Option<string>("--hidden") { Description = "hidden layer sizes, comma separated", DefaultValueFactory = _ => "128" };
        var epochs = new System.CommandLine.Option<int>("--epochs") { Description = "passes over the training split", DefaultValueFactory = _ => 30 };
        var batch = new System.CommandLine.Option<int>("--batch") { Description = "mini-batch size", DefaultValueFactory = _ => 16 };
        var lr = new System.CommandLine.Option<double>("--lr") { Description = "SGD learning rate", DefaultValueFactory = _ => 0.1 };
        var seed = new System.CommandLine.Option<int>("--seed") { Description = "random seed (split, init, shuffles)", DefaultValueFactory = _ => 0 };
        var dtype = new System.CommandLine.Option<string>("--dtype") { Description = "f32 or f64", DefaultValueFactory = _ => "f32" };
        var output = new System.CommandLine.Option<string>("--out") { Description = "output folder (default runs/<timestamp>)" };
        var command = new Command("train", "Train a classifier and report loss and accuracy per epoch.")
        {
            data, hidden, epochs, batch, lr, seed, dtype, output,
        };
        command.SetAction(result =>
        {
            var options = Validate(
                result.GetValue(data)!, result.GetValue(hidden)!, result.GetValue(epochs), result.GetValue(batch),
                result.GetValue(lr), result.GetValue(seed), result.GetValue(output), result.GetValue(dtype)!);
            return options.Bind(o => o.Dtype == "f64" ? TrainJob<double>.Run(o) : TrainJob<float>.Run(o)).Match(
                _ => 0,
                e =>
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return CommandLine.UsageError;
                });
        });
        return command;
    }

    private static Fin<TrainOptions> Validate(string data, string hidden, int epochs, int batch, double lr, int seed, string? output, string dtype)
    {
        var sizes = hidden.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = sizes.Select(s => int.TryParse(s, out var n) && n > 0 ? n : -1).ToArray();
        if (parsed.Contains(-1)) return Error.New($"--hidden '{hidden}': expected positive integers separated by commas");
        if (epochs <= 0) return Error.New($"--epochs {epochs}: must be positive");
        if (batch <= 0) return Error.New($"--batch {batch}: must be positive");
        if (!(lr > 0) || double.IsInfinity(lr)) return Error.New($"--lr {lr}: must be positive and finite");
        if (dtype is not ("f32" or "f64")) return Error.New($"--dtype '{dtype}': expected f32 or f64");
        var outDir = output ?? Path.Combine("runs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
        return new TrainOptions(data, parsed, epochs, batch, lr, seed, outDir, dtype);
    }
}
