using Backprop.Cli;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialisation;
using Xunit;
using static Backprop.Functional.Tests.Cli.CliRunner;

namespace Backprop.Functional.Tests.Cli;

/// <summary>Durable runs: a checkpoint at each epoch's end, and `train --resume` continuing bit for bit.</summary>
[Collection("Console")]
public class ResumeTests
{
    /// <summary>Plain lines that cancel the run once the line of epoch <paramref name="epoch"/> is printed.</summary>
    private sealed class CancelAfter(int epoch, CancellationTokenSource cancel) : ProgressView
    {
        public override TResult Run<TResult>(int totalSteps, Func<TResult> body) => body();

        public override void Step(ProgressPoint point) { }

        public override void Line(string text)
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(text, $"^(epoch)? *{epoch}  ")) cancel.Cancel();   // a classification's or a regression's row
        }
    }

    private static string[] WithoutSeconds(string path) => [.. File.ReadAllLines(path).Select(l => l[..l.LastIndexOf(',')])];

    [Theory]
    [InlineData("adam", "digits")]
    [InlineData("momentum", "houses.csv")]
    public void A_run_stopped_after_an_epoch_and_resumed_ends_bit_for_bit_as_an_uninterrupted_one(string optimiser, string data)
    {
        using var whole = Folder();
        using var parts = Folder();
        var source = data.EndsWith(".csv", StringComparison.Ordinal) ? Fixture(data) : data;
        string[] args = ["--data", source, "--optimiser", optimiser, "--schedule", "cosine", "--hidden", "16", "--dropout", "0.1", "--epochs", "4"];
        Assert.Equal(0, Run(["train", .. args, "--out", whole.Path]).Code);

        var options = TrainCommand.Validate(new TrainOptions(source, "mlp", [16], "relu", optimiser, Preset.For(source, "mlp").LearningRate, "cosine", 4,
            Preset.For(source, "mlp").Batch, 0, null, parts.Path, "f32", 0.1, 0, 0), null).OrThrow();
        using var cancel = new CancellationTokenSource();
        Assert.Equal(TrainCommand.Cancelled, TrainCommand.Run(options, new CancelAfter(2, cancel), cancel.Token));
        Assert.Equal(2, Checkpoint<float>.Load(parts["checkpoint.safetensors"]).OrThrow().Step / (Checkpoint<float>.Load(whole["checkpoint.safetensors"]).OrThrow().Step / 4));

        var (code, output, error) = Run("train", "--resume", parts.Path);
        Assert.True(code == 0, error);
        Assert.Contains($"resumed {parts.Path} after epoch 2", output);
        Assert.Equal(File.ReadAllBytes(whole["params.safetensors"]), File.ReadAllBytes(parts["params.safetensors"]));
        Assert.Equal(File.ReadAllBytes(whole["checkpoint.safetensors"]), File.ReadAllBytes(parts["checkpoint.safetensors"]));
        Assert.Equal(WithoutSeconds(whole["metrics.csv"]), WithoutSeconds(parts["metrics.csv"]));
    }

    [Fact]
    public void A_resumed_run_that_goes_non_finite_says_where_in_the_whole_run()
    {
        using var whole = Folder();
        using var parts = Folder();
        var source = Fixture("houses.csv");
        string[] args = ["--data", source, "--optimiser", "sgd", "--lr", "0.5", "--max-loss", "1e30", "--hidden", "16", "--epochs", "6", "--threads", "1"];
        var uninterrupted = Run(["train", .. args, "--out", whole.Path]);
        var stopped = uninterrupted.Out.Split('\n').Single(l => l.StartsWith("stopped: ", StringComparison.Ordinal));
        Assert.Matches(@"^stopped: step \d+ \(epoch [2-6]\): the loss is (Infinity|∞|NaN)", stopped);   // after epoch 1, so there is one to resume from

        var options = TrainCommand.Validate(new TrainOptions(source, "mlp", [16], "relu", "sgd", 0.5, "cosine", 6,
            Preset.For(source, "mlp").Batch, 0, 1, parts.Path, "f32", 0, 0, 0, MaxLoss: 1e30), null).OrThrow();
        using var cancel = new CancellationTokenSource();
        Assert.Equal(TrainCommand.Cancelled, TrainCommand.Run(options, new CancelAfter(1, cancel), cancel.Token));
        var resumed = Run("train", "--resume", parts.Path);
        Assert.Contains($"resumed {parts.Path} after epoch 1", resumed.Out);
        Assert.Contains(stopped, resumed.Out);
    }

    [Fact]
    public void A_process_killed_mid_run_resumes_from_its_last_epoch_to_the_same_bytes()
    {
        using var whole = Folder();
        using var killed = Folder();
        string[] args = ["--data", "digits", "--hidden", "16", "--batch", "4", "--epochs", "12", "--threads", "1"];
        Assert.Equal(0, Run(["train", .. args, "--out", whole.Path]).Code);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "backprop.dll"), "train", .. args, "--out", killed.Path]) start.ArgumentList.Add(a);
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2) && !(File.Exists(killed["run.json"]) && File.ReadAllText(killed["run.json"]).Contains("\"epochs_done\": 2", StringComparison.Ordinal)))
                Thread.Sleep(5);
            Assert.False(process.HasExited, "the run ended before it could be killed");
            process.Kill();   // SIGKILL: no handler runs, nothing is flushed
            process.WaitForExit();
        }
        Assert.False(File.Exists(killed["summary.json"]));
        var (code, output, error) = Run("train", "--resume", killed.Path);
        Assert.True(code == 0, error);
        Assert.Contains("resumed", output);
        Assert.Equal(File.ReadAllBytes(whole["params.safetensors"]), File.ReadAllBytes(killed["params.safetensors"]));
        Assert.Equal(File.ReadAllBytes(whole["checkpoint.safetensors"]), File.ReadAllBytes(killed["checkpoint.safetensors"]));
        Assert.Equal(WithoutSeconds(whole["metrics.csv"]), WithoutSeconds(killed["metrics.csv"]));
        Assert.Empty(Directory.GetFiles(killed.Path, "*.tmp"));
    }

    [Fact]
    public void Resuming_a_finished_run_or_a_folder_without_a_run_is_an_error()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "1", "--out", run.Path).Code);
        var (code, _, error) = Run("train", "--resume", run.Path);
        Assert.Equal(2, code);
        Assert.Contains("the run already finished its 1 epochs", error);
        using var empty = Folder();
        Directory.CreateDirectory(empty.Path);
        Assert.Contains("no run.json", Run("train", "--resume", empty.Path).Error);
    }

    [Fact]
    public void A_checkpoint_whose_optimiser_state_does_not_fit_is_refused_by_path()
    {
        using var run = Folder();
        var options = TrainCommand.Validate(new TrainOptions("iris", "mlp", [8], "relu", "adam", 0.01, "constant", 3,
            16, 0, null, run.Path, "f32", 0, 0, 0), null).OrThrow();
        using var cancel = new CancellationTokenSource();
        Assert.Equal(TrainCommand.Cancelled, TrainCommand.Run(options, new CancelAfter(1, cancel), cancel.Token));
        var c = Checkpoint<float>.Load(run["checkpoint.safetensors"]).OrThrow();
        Assert.Contains("adam/mu/dense_1/w", c.OptimiserState.Paths);
        // The layout of earlier versions numbered the parts of a chain: "0/count", "0/mu/…".
        var numbered = Functional.Tensors.Params<float>.From(c.OptimiserState.Select(e => KeyValuePair.Create(e.Key.Replace("adam/", "0/"), e.Value)));
        (c with { OptimiserState = numbered }).Save(run["checkpoint.safetensors"]).OrThrow();
        var (code, _, error) = Run("train", "--resume", run.Path);
        Assert.Equal(2, code);
        Assert.Contains($"{run["checkpoint.safetensors"]}: optimiser state: '0/count' is not part of chain(adam, schedule)", error);
    }
}
