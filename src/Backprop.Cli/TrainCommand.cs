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
/// data set's defaults (<see cref="Preset"/>). Exit codes: 0 done, 1 stopped on a non-finite step or diverged, 2 bad usage or
/// input, 130 cancelled (Ctrl-C; the files are still written). Each epoch's end writes a checkpoint that --resume continues
/// from, bit for bit as if never interrupted.
/// </summary>
public static class TrainCommand
{
    public const int NonFinite = 1;
    public const int Cancelled = 130;

    public static Command Create()
    {
        System.CommandLine.Option<X> Opt<X>(string name, string description) => new(name) { Description = description };
        var data = new System.CommandLine.Option<string>("--data") { Description = $"{string.Join(", ", DataSource.Names)}, or a CSV file (a header row optional; features, then the target unless --target names it)", DefaultValueFactory = _ => "mnist" };
        var model = new System.CommandLine.Option<string>("--model") { Description = "mlp or conv (images only)", DefaultValueFactory = _ => "mlp" };
        var hidden = Opt<string?>("--hidden", "hidden dense layer sizes, comma separated (e.g. 256,128; none: a linear model); default: per data set");
        var activation = Opt<string?>("--activation", string.Join(", ", ModelSpec.Activations));
        var optimiser = Opt<string?>("--optimiser", "sgd, momentum, adam or adamw; default: per data set");
        var lr = NumberOption.Real("--lr", "peak learning rate; default: per data set");
        var schedule = Opt<string?>("--schedule", "constant, or cosine (warm-up over the first epoch, then cosine decay); default: per data set");
        var epochs = NumberOption.Whole("--epochs", "passes over the training split; default: per data set");
        var batch = NumberOption.Whole("--batch", "mini-batch size; default: per data set");
        var dropout = NumberOption.Real("--dropout", "dropout rate after each hidden dense layer, in [0, 1); default: per data set");
        var shift = NumberOption.Whole("--shift", "largest random image shift in pixels (augmentation; 0 turns it off); default: per data set");
        var decay = NumberOption.Real("--weight-decay", "adamw's decoupled weight decay");
        var seed = NumberOption.Whole("--seed", "random seed (split, init, shuffles, augmentation); default 0");
        var threads = NumberOption.Whole("--threads", "threads per kernel call (default: all cores)");
        var dtype = new System.CommandLine.Option<string>("--dtype") { Description = "f32 or f64", DefaultValueFactory = _ => "f32" };
        var output = Opt<string?>("--out", "output folder, new or empty (default: a new runs/<date>-<time>-<ms>)");
        var target = Opt<string?>("--target", "CSV files: the target column, by its header name (default: the last column)");
        var task = new System.CommandLine.Option<string>("--task") { Description = "CSV files: auto (from the target column), regression or classification", DefaultValueFactory = _ => "auto" };
        var missing = new System.CommandLine.Option<string>("--missing") { Description = "CSV files: rows with empty cells are an error, or with 'drop' left out", DefaultValueFactory = _ => "error" };
        var loss = new System.CommandLine.Option<string>("--loss") { Description = "regression: mse, or huber (δ = 1 standard deviation of the target)", DefaultValueFactory = _ => "mse" };
        var relabel = Opt<bool>("--relabel", "CSV files: renumber integer class labels that are not 0..k-1 (in increasing order)");
        var resume = Opt<string?>("--resume", "continue the run in this folder from its last epoch's checkpoint (its run.json gives every other option)");
        var overwrite = Opt<bool>("--overwrite", "replace the run files in a non-empty --out folder");
        var maxLoss = NumberOption.Real("--max-loss", "stop as diverged when a batch loss exceeds this (default: 1000 times the first step's loss, at least 1000)");
        var command = new Command("train", "Train a classifier or a regression; show the loss and scores; save parameters, a checkpoint and metrics.")
        {
            data, model, hidden, activation, optimiser, lr, schedule, epochs, batch, dropout, shift, decay, seed, threads, dtype, output, overwrite, resume, maxLoss, target, task, missing, relabel, loss,
        };
        command.SetAction(r =>
        {
            if (r.GetValue(resume) is { } folder)
                return RunRecord.Read(folder).Match(from => RunWithCtrlC(from.Options, from), e => Usage(e.Message));
            var d = r.GetValue(data)!;
            var m = r.GetValue(model)!;
            var p = Preset.For(d, m);
            return Validate(new TrainOptions(d, m, p.Hidden, r.GetValue(activation) ?? p.Activation, r.GetValue(optimiser) ?? p.Optimiser,
                    r.GetValue(lr) ?? p.LearningRate, r.GetValue(schedule) ?? p.Schedule, r.GetValue(epochs) ?? p.Epochs, r.GetValue(batch) ?? p.Batch,
                    r.GetValue(seed) ?? 0, r.GetValue(threads), r.GetValue(output),
                    r.GetValue(dtype)!, r.GetValue(dropout) ?? p.Dropout, r.GetValue(shift) ?? p.Shift, r.GetValue(decay) ?? p.WeightDecay,
                    r.GetValue(overwrite), r.GetValue(maxLoss), new TableOptions(r.GetValue(target), r.GetValue(task)!, r.GetValue(missing)!, r.GetValue(relabel)), r.GetValue(loss)!),
                    r.GetValue(hidden))
                .Match(o => RunWithCtrlC(o, null), e => Usage(e.Message));
        });
        return command;
    }

    /// <summary>Runs with Ctrl-C (and SIGTERM) wired to a clean stop; a second Ctrl-C kills the process as usual.</summary>
    private static int RunWithCtrlC(TrainOptions options, RunRecord? from)
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
        try { return Run(options, ProgressView.ForConsole(), cancel.Token, from); }
        finally { Console.CancelKeyPress -= OnCancel; }
    }

    /// <summary>Trains with validated options (resuming <paramref name="from"/> a run record if given); returns the exit code.</summary>
    public static int Run(TrainOptions o, ProgressView view, CancellationToken cancel, RunRecord? from = null)
    {
        var result = Parallelism.With(o.Threads ?? Parallelism.MaxDegreeOfParallelism,
            () => o.Dtype == "f64" ? TrainJob<double>.Run(o, view, cancel, from) : TrainJob<float>.Run(o, view, cancel, from));
        return result.Match(
            s => s.Stopped switch { TrainSummary.Completed => 0, TrainSummary.Cancelled => Cancelled, _ => NonFinite },
            e => Usage(e.Message));
    }

    /// <summary>Checks every option; <paramref name="hidden"/> (if given) replaces the preset's sizes.</summary>
    public static Fin<TrainOptions> Validate(TrainOptions o, string? hidden)
    {
        var sizes = hidden is null ? o.Hidden
            : hidden.Trim() is "" or "none" ? []
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
            : o.Out is { } folder && folder.Trim().Length == 0 ? $"--out '{o.Out}': expected a folder name"
            : o.Table.Task is not ("auto" or "regression" or "classification") ? $"--task '{o.Table.Task}': expected auto, regression or classification"
            : o.Loss is not ("mse" or "huber") ? $"--loss '{o.Loss}': expected mse or huber"
            : o.Table.Missing is not ("error" or "drop") ? $"--missing '{o.Table.Missing}': expected error or drop"
            : o.MaxLoss is { } max && !(max > 0) ? string.Create(CultureInfo.InvariantCulture, $"--max-loss {max}: must be positive")
            : null;
        return problem is null ? o with { Hidden = sizes } : Error.New(problem);
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return CommandLine.UsageError;
    }
}
