using System.Text.Json;
using Backprop.Cli;
using Backprop.Functional.Kernels;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Autodiff;
using Xunit;
using static Backprop.Functional.Tests.Cli.CliRunner;

namespace Backprop.Functional.Tests.Cli;

/// <summary>The `train` command in process. Console is redirected, so these tests do not run in parallel with each other.</summary>
[Collection("Console")]
public class TrainCommandTests
{
    [Theory]
    [InlineData("train --data nosuchset", "nosuchset")]
    [InlineData("train --data /nonexistent/file.csv", "/nonexistent/file.csv: file not found")]
    [InlineData("train --epochs many", "many")]
    [InlineData("train --lr -1", "--lr")]
    [InlineData("train --hidden 64,x", "--hidden")]
    [InlineData("train --no-such-option", "--no-such-option")]
    [InlineData("train --model cnn", "--model 'cnn'")]
    [InlineData("train --data iris --model conv", "--model conv needs images")]
    [InlineData("train --activation swishy", "--activation 'swishy'")]
    [InlineData("train --optimiser lbfgs", "--optimiser 'lbfgs'")]
    [InlineData("train --schedule linear", "--schedule 'linear'")]
    [InlineData("train --threads 0", "--threads 0")]
    [InlineData("train --batch 0", "--batch 0")]
    [InlineData("train --dropout 1", "--dropout 1")]
    [InlineData("train --shift -1", "--shift -1")]
    [InlineData("train --dtype f16", "--dtype 'f16'")]
    [InlineData("train --data iris --target species", "--target, --task, --missing and --relabel read CSV files; --data iris is a bundled data set")]
    [InlineData("train --max-loss 0", "--max-loss 0: must be positive")]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2(string args, string mentioned)
    {
        var (code, _, error) = Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.True(error.Trim().Split('\n').Length == 1, error);
        Assert.Contains(mentioned, error);
    }

    [Theory]
    [InlineData("train --epochs abc", "error: --epochs must be a whole number, got 'abc'")]
    [InlineData("train --lr fast", "error: --lr must be a number, got 'fast'")]
    [InlineData("train --seed 1.5", "error: --seed must be a whole number, got '1.5'")]
    [InlineData("eval --params p --seed x", "error: --seed must be a whole number, got 'x'")]
    [InlineData("trian --data iris", "error: unknown command 'trian'; did you mean 'train'?")]
    [InlineData("frobnicate", "error: unknown command 'frobnicate'; the commands are train, eval, predict, export, notebooks, gradcheck")]
    public void Usage_errors_are_sentences_naming_what_was_given(string args, string message)
    {
        var (code, _, error) = Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal(message, error.Trim());
    }

    [Fact]
    public void A_corrupt_csv_names_the_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1,2,3,0\n4,5,6,1\n7,oops,9,0\n");
        try
        {
            var (code, _, error) = Run("train", "--data", path);
            Assert.Equal(2, code);
            Assert.Contains($"{path}, line 3, column 2", error);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("nan-train.csv", "line 6, column 1: 'NaN' is not a finite number")]
    [InlineData("infinity.csv", "line 10, column 2: 'Infinity' is not a finite number")]
    [InlineData("inf.csv", "line 3, column 2: 'inf' is not a number")]
    [InlineData("huge.csv", "line 4, column 1: '1e308' is out of range")]
    [InlineData("two-rows.csv", "2 rows, which the 80/20 split makes 2 training and 0 test rows")]
    [InlineData("one-class.csv", "every row has label 3")]
    [InlineData("gaps.csv", "the labels are 0, 5, 10, not 0..2: no rows have label 1, 2, 3, 4, 6, 7, 8, 9; renumber them (0→0, 5→1, 10→2)")]
    public void Bad_data_is_a_one_line_error_naming_the_place_and_writes_nothing(string fixture, string message)
    {
        using var run = Folder();
        var (code, output, error) = Run("train", "--data", Fixture(fixture), "--epochs", "1", "--out", run.Path);
        Assert.True(code == 2, output + error);
        Assert.True(error.Trim().Split('\n').Length == 1, error);
        Assert.Contains(message, error);
        Assert.StartsWith($"error: {(message.StartsWith("line", StringComparison.Ordinal) ? Fixture(fixture) + ", " : "--data " + Fixture(fixture) + ": ")}", error);
        Assert.False(Directory.Exists(run.Path));
    }

    [Fact]
    public void Training_writes_params_a_checkpoint_metrics_a_summary_and_plots()
    {
        using var run = Folder();
        var (code, output, _) = Run("train", "--data", "digits", "--epochs", "2", "--out", run.Path);
        Assert.Equal(0, code);
        Assert.Contains("epoch      loss  train acc   test acc  lr           time", output);
        var row = output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^ +2  "));
        Assert.True(row.Length < 80, row);
        using var summary = JsonDocument.Parse(File.ReadAllText(run["summary.json"]));
        Assert.Contains(summary.RootElement.GetProperty("test_accuracy").GetDouble().ToString("P2", System.Globalization.CultureInfo.InvariantCulture), row);
        Assert.Equal("digits", summary.RootElement.GetProperty("data_set").GetString());
        Assert.Equal("completed", summary.RootElement.GetProperty("stopped").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("epochs").GetInt32());
        Assert.InRange(summary.RootElement.GetProperty("test_accuracy").GetDouble(), 0.8, 1.0);
        Assert.True(summary.RootElement.GetProperty("peak_memory_mb").GetDouble() > 0);
        var metrics = File.ReadAllLines(run["metrics.csv"]);
        Assert.Equal(MetricsRow.Header, metrics[0]);
        Assert.Equal(3, metrics.Length);
        Assert.StartsWith("2,90,", metrics[2]);   // 1438 training rows in batches of 32: 45 steps per epoch
        var checkpoint = Checkpoint<float>.Load(run["checkpoint.safetensors"]).OrThrow();
        Assert.Equal(90, checkpoint.Step);
        Assert.Equal(Safetensors.ReadParams<float>(run["params.safetensors"]).OrThrow().Paths, checkpoint.Params.Paths);
        Assert.Empty(Directory.GetFiles(run.Path, "*.tmp"));
        foreach (var plot in new[] { "loss.png", "gradient-norms.png" })
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(run[plot])[..4]);
        Assert.Contains("gradient norms per layer", output);
        Assert.Contains("dense_1", output);
    }

    [Fact]
    public void A_loss_that_grows_past_the_bound_stops_the_run_as_diverged_with_the_state_before()
    {
        using var run = Folder();
        var (code, output, _) = Run("train", "--data", "iris", "--optimiser", "sgd", "--lr", "10", "--epochs", "5", "--out", run.Path);
        Assert.Equal(TrainCommand.NonFinite, code);
        using var summary = JsonDocument.Parse(File.ReadAllText(run["summary.json"]));
        var stopped = summary.RootElement.GetProperty("stopped").GetString()!;
        Assert.StartsWith("diverged: step ", stopped);
        Assert.Contains("exceeds", stopped);
        Assert.Contains("stopped: diverged", output);
        var steps = summary.RootElement.GetProperty("steps").GetInt32();
        Assert.Contains($"kept the state after step {steps}", stopped);
        Assert.True(double.IsFinite(summary.RootElement.GetProperty("final_loss").GetDouble()));
        using var bounded = Folder();
        var (capped, _, _) = Run("train", "--data", "iris", "--epochs", "1", "--max-loss", "0.5", "--out", bounded.Path);
        Assert.Equal(TrainCommand.NonFinite, capped);
        Assert.Contains("exceeds 0.5 (--max-loss)", File.ReadAllText(bounded["summary.json"]));
    }

    [Fact]
    public void The_same_seed_gives_the_same_parameters_and_another_seed_others()
    {
        using var a = Folder();
        using var b = Folder();
        using var c = Folder();
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "2", "--out", a.Path).Code);
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "2", "--out", b.Path).Code);
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "2", "--seed", "1", "--out", c.Path).Code);
        Assert.Equal(File.ReadAllBytes(a["params.safetensors"]), File.ReadAllBytes(b["params.safetensors"]));
        Assert.NotEqual(File.ReadAllBytes(a["params.safetensors"]), File.ReadAllBytes(c["params.safetensors"]));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Every_optimiser_trains_and_keeps_its_state_in_the_checkpoint(string optimiser)
    {
        using var run = Folder();
        var (code, output, error) = Run("train", "--data", "iris", "--epochs", "3", "--optimiser", optimiser, "--schedule", "cosine",
            "--activation", "tanh", "--hidden", "8,8", "--weight-decay", "0.01", "--out", run.Path);
        Assert.True(code == 0, error);
        Assert.Contains($"{optimiser} lr", output);
        var opt = Checkpoint<float>.Load(run["checkpoint.safetensors"]).OrThrow().OptimiserState;
        Assert.Contains(opt.Paths, p => p.EndsWith("count", StringComparison.Ordinal));   // the schedule's step count
        if (optimiser is "momentum" or "adam" or "adamw") Assert.Contains(opt.Paths, p => p.Contains("dense_1/w", StringComparison.Ordinal));
    }

    [Fact]
    public void A_conv_net_with_shifted_images_trains_on_digits()
    {
        using var run = Folder();
        var (code, output, error) = Run("train", "--data", "digits", "--model", "conv", "--epochs", "1", "--shift", "1", "--dropout", "0.2", "--out", run.Path);
        Assert.True(code == 0, error);
        Assert.Contains("conv[1x8x8]-64-10 relu dropout 0.2", output);
        Assert.Contains("shifts ±1 px", output);
    }

    [Fact]
    public void Cancelling_stops_after_the_step_and_writes_the_parameters_and_summary()
    {
        using var run = Folder();
        var options = TrainCommand.Validate(new TrainOptions("digits", "mlp", [32], "relu", "adam", 1e-3, "constant", 5, 16, 0, 1, run.Path, "f32", 0, 0, 0), null).OrThrow();
        var lines = new StringWriter();
        var threads = Parallelism.MaxDegreeOfParallelism;
        Assert.Equal(TrainCommand.Cancelled, TrainCommand.Run(options, new PlainProgress(lines), new CancellationToken(canceled: true)));
        Assert.Equal(threads, Parallelism.MaxDegreeOfParallelism);   // --threads holds inside the run only
        Assert.Contains("cancelled after step 1, before the first epoch ended: nothing to resume", lines.ToString());
        Assert.False(File.Exists(run["checkpoint.safetensors"]));   // checkpoints are taken at epochs' ends only
        using var summary = JsonDocument.Parse(File.ReadAllText(run["summary.json"]));
        Assert.Equal("cancelled", summary.RootElement.GetProperty("stopped").GetString());
        Assert.True(File.Exists(run["params.safetensors"]));
    }

    [Fact]
    public void The_defaults_train_an_mlp_on_mnist_with_a_schedule_and_shifted_images()
    {
        var p = Preset.For("mnist", "mlp");
        Assert.Equal("cosine", p.Schedule);
        Assert.True(p.Shift > 0);
        var train = TrainCommand.Create();
        var parsed = new System.CommandLine.RootCommand { train }.Parse("train");
        Assert.Equal("mnist", parsed.GetValue<string>("--data"));
        Assert.Equal("mlp", parsed.GetValue<string>("--model"));
    }
}
