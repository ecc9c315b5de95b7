using System.CommandLine;
using System.Runtime.InteropServices;
using System.Globalization;
using Backprop.Functional.Kernels;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// `train`: fits an MLP or a small conv net on a bundled data set (MNIST by default) or a CSV file, shows progress,
/// and writes params.safetensors, checkpoint.safetensors, metrics.csv and summary.json. Options not given take the
/// data set's defaults (<see cref="Preset"/>). Exit codes: 0 done, 1 stopped on a non-finite step, 2 bad usage or
/// input, 130 cancelled (Ctrl-C; the files are still written).
/// </summary>
public static class TrainCommand
{
    public const int NonFinite = 1;
    public const int Cancelled = 130;

    public static Command Create()
    {
        System.CommandLine.Option<X> Opt<X>(string name, string description) => new(name) { Description = description };
        var data = new System.CommandLine.Option<string>("--data") { Description = $"{string.Join(", ", DataSource.Names)}, or a CSV file of features then an integer label", DefaultValueFactory = _ => "mnist" };
        var model = new System.CommandLine.Option<string>("--model") { Description = "mlp or conv (images only)", DefaultValueFactory = _ => "mlp" };
        var hidden = Opt<string?>("--hidden", "hidden dense layer sizes, comma separated (e.g. 256,128); default: per data set");
        var activation = Opt<string?>("--activation", string.Join(", ", ModelSpec.Activations));
        var optimiser = Opt<string?>("--optimiser", "sgd, momentum, adam or adamw; default: per data set");
        var lr = Opt<double?>("--lr", "peak learning rate; default: per data set");
        var schedule = Opt<string?>("--schedule", "constant, or cosine (warm-up over the first epoch, then cosine decay); default: per data set");
        var epochs = Opt<int?>("--epochs", "passes over the training split; default: per data set");
        var batch = Opt<int?>("--batch", "mini-batch size; default: per data set");
        var dropout = Opt<double?>("--dropout", "dropout rate after each hidden dense layer, in [0, 1); default: per data set");
        var shift = Opt<int?>("--shift", "largest random image shift in pixels (augmentation; 0 turns it off); default: per data set");
        var decay = Opt<double?>("--weight-decay", "adamw's decoupled weight decay");
        var seed = new System.CommandLine.Option<int>("--seed") { Description = "random seed (split, init, shuffles, augmentation)", DefaultValueFactory = _ => 0 };
        var threads = Opt<int?>("--threads", "threads per kernel call (default: all cores)");
        var dtype = new System.CommandLine.Option<string>("--dtype") { Description = "f32 or f64", DefaultValueFactory = _ => "f32" };
        var output = Opt<string?>("--out", "output folder (default runs/<timestamp>)");
        var command = new Command("train", "Train a classifier; show loss and accuracy; save parameters, a checkpoint and metrics.")
        {
            data, model, hidden, activation, optimiser, lr, schedule, epochs, batch, dropout, shift, decay, seed, threads, dtype, output,
        };
        command.SetAction(r =>
        {
            var d = r.GetValue(data)!;
            var m = r.GetValue(model)!;
            var p = Preset.For(d, m);
            return Validate(new TrainOptions(d, m, p.Hidden, r.GetValue(activation) ?? p.Activation, r.GetValue(optimiser) ?? p.Optimiser,
                    r.GetValue(lr) ?? p.LearningRate, r.GetValue(schedule) ?? p.Schedule, r.GetValue(epochs) ?? p.Epochs, r.GetValue(batch) ?? p.Batch,
                    r.GetValue(seed), r.GetValue(threads), r.GetValue(output) ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
                    r.GetValue(dtype)!, r.GetValue(dropout) ?? p.Dropout, r.GetValue(shift) ?? p.Shift, r.GetValue(decay) ?? p.WeightDecay),
                    r.GetValue(hidden))
                .Match(o => RunWithCtrlC(o), e => Usage(e.Message));
        });
        return command;
    }

    /// <summary>Runs with Ctrl-C (and SIGTERM) wired to a clean stop; a second Ctrl-C kills the process as usual.</summary>
    private static int RunWithCtrlC(TrainOptions options)
    {
        using var cancel = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        Console.CancelKeyPress += OnCancel;
        try { return Run(options, ProgressView.ForConsole(), cancel.Token); }
        finally { Console.CancelKeyPress -= OnCancel; }
    }

    /// <summary>Trains with validated options; returns the exit code.</summary>
    public static int Run(TrainOptions o, ProgressView view, CancellationToken cancel)
    {
        var result = Parallelism.With(o.Threads ?? Parallelism.MaxDegreeOfParallelism,
            () => o.Dtype == "f64" ? TrainJob<double>.Run(o, view, cancel) : TrainJob<float>.Run(o, view, cancel));
        return result.Match(
            s => s.Stopped switch { TrainSummary.Completed => 0, TrainSummary.Cancelled => Cancelled, _ => NonFinite },
            e => Usage(e.Message));
    }

    /// <summary>Checks every option; <paramref name="hidden"/> (if given) replaces the preset's sizes.</summary>
    public static Fin<TrainOptions> Validate(TrainOptions o, string? hidden)
    {
        var sizes = hidden is null ? o.Hidden
            : hidden.Split(',', StringSplitOptions.TrimEntries).Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToArray();
        string? problem =
            sizes.Contains(-1) ? $"--hidden '{hidden}': expected positive integers separated by commas"
            : !ModelSpec.Kinds.Contains(o.Model) ? $"--model '{o.Model}': expected {string.Join(" or ", ModelSpec.Kinds)}"
            : !ModelSpec.Activations.Contains(o.Activation) ? $"--activation '{o.Activation}': expected {string.Join(", ", ModelSpec.Activations)}"
            : o.Optimiser is not ("sgd" or "momentum" or "adam" or "adamw") ? $"--optimiser '{o.Optimiser}': expected sgd, momentum, adam or adamw"
            : o.Schedule is not ("constant" or "cosine") ? $"--schedule '{o.Schedule}': expected constant or cosine"
            : !(o.LearningRate > 0) || double.IsInfinity(o.LearningRate) ? $"--lr {o.LearningRate}: must be positive and finite"
            : o.Epochs <= 0 ? $"--epochs {o.Epochs}: must be positive"
            : o.Batch <= 0 ? $"--batch {o.Batch}: must be positive"
            : o.Threads is <= 0 ? $"--threads {o.Threads}: must be positive"
            : !(o.Dropout >= 0 && o.Dropout < 1) ? $"--dropout {o.Dropout}: must be in [0, 1)"
            : o.Shift < 0 ? $"--shift {o.Shift}: must not be negative"
            : !(o.WeightDecay >= 0) || double.IsInfinity(o.WeightDecay) ? $"--weight-decay {o.WeightDecay}: must be zero or positive"
            : o.Dtype is not ("f32" or "f64") ? $"--dtype '{o.Dtype}': expected f32 or f64"
            : null;
        return problem is null ? o with { Hidden = sizes } : Error.New(problem);
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return CommandLine.UsageError;
    }
}
