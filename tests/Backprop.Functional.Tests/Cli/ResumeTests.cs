using Backprop.Cli;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Serialization;
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
            if (text.StartsWith($"epoch {epoch,3} ", StringComparison.Ordinal)) cancel.Cancel();
        }
    }

    private static string[] WithoutSeconds(string path) => [.. File.ReadAllLines(path).Select(l => l[..l.LastIndexOf(',')])];

    [Theory]
    [InlineData("adam", "digits")]
    [InlineData("momentum", "houses.csv")]
    public void A_run_stopped_after_an_epoch_and_resumed_ends_bit_for_bit_as_an_uninterrupted_one(string optimizer, string data)
    {
        using var whole = Folder();
        using var parts = Folder();
        var source = data.EndsWith(".csv", StringComparison.Ordinal) ? Fixture(data) : data;
        string[] args = ["--data", source, "--optimizer", optimizer, "--schedule", "cosine", "--hidden", "16", "--dropout", "0.1", "--epochs", "4"];
        Assert.Equal(0, Run(["train", .. args, "--out", whole.Path]).Code);

        var options = TrainCommand.Validate(new TrainOptions(source, "mlp", [16], "relu", optimizer, Preset.For(source, "mlp").LearningRate, "cosine", 4,
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
}
