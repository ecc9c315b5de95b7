using System.Text.Json;
using Backprop.Cli;
using Backprop.Functional.Autodiff;
using Xunit;
using static Backprop.Functional.Tests.Cli.CliRunner;

namespace Backprop.Functional.Tests.Cli;

/// <summary>Run folders: unique names, never reused without --overwrite, locked while a run writes them.</summary>
[Collection("Console")]
public class RunFolderTests
{
    [Fact]
    public void Runs_started_in_the_same_millisecond_get_their_own_folders()
    {
        using var parent = Folder();
        var now = new DateTime(2026, 1, 2, 3, 4, 5, 678);
        using var first = RunFolder.ClaimNew(parent.Path, now).OrThrow();
        using var second = RunFolder.ClaimNew(parent.Path, now).OrThrow();
        Assert.EndsWith("20260102-030405-678", first.Path);
        Assert.EndsWith("20260102-030405-678-2", second.Path);
    }

    [Fact]
    public void A_second_run_into_a_used_folder_is_an_error_and_keeps_the_first_runs_files()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "1", "--out", run.Path).Code);
        var before = File.ReadAllBytes(run["params.safetensors"]);
        var (code, _, error) = Run("train", "--data", "iris", "--epochs", "2", "--seed", "1", "--out", run.Path);
        Assert.Equal(2, code);
        Assert.Contains($"--out {run.Path}: the folder is not empty", error);
        Assert.Equal(before, File.ReadAllBytes(run["params.safetensors"]));
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "2", "--seed", "1", "--out", run.Path, "--overwrite").Code);
        Assert.NotEqual(before, File.ReadAllBytes(run["params.safetensors"]));
        Assert.Equal(3, File.ReadAllLines(run["metrics.csv"]).Length);
    }

    [Fact]
    public void A_folder_another_run_is_writing_is_refused()
    {
        using var run = Folder();
        using var held = RunFolder.Claim(run.Path, RunFolderMode.New).OrThrow();
        var (code, _, error) = Run("train", "--data", "iris", "--epochs", "1", "--out", run.Path, "--overwrite");
        Assert.Equal(2, code);
        Assert.Contains("another run is writing this folder", error);
        Assert.False(File.Exists(run["params.safetensors"]));
    }

    [Fact]
    public void An_empty_out_is_an_error()
    {
        var (code, _, error) = Run("train", "--data", "iris", "--epochs", "1", "--out", "");
        Assert.Equal(2, code);
        Assert.Contains("--out '': expected a folder name", error);
    }

    [Fact]
    public void Left_over_temporary_files_are_removed_when_a_run_takes_the_folder()
    {
        using var run = Folder();
        Directory.CreateDirectory(run.Path);
        File.WriteAllText(run[".params.safetensors.0123.tmp"], "half");
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "1", "--out", run.Path).Code);
        Assert.Empty(Directory.GetFiles(run.Path, "*.tmp"));
    }

    [Fact]
    public void The_loss_plot_of_a_run_without_a_completed_epoch_says_so()
    {
        Assert.Contains("no completed epoch", RunFiles.LossTitle([]));
        Assert.DoesNotContain("no completed epoch", RunFiles.LossTitle([new MetricsRow(1, 10, 0.5, 0.8, 0.6, [0.7], 1e-3, 1)]));
        Assert.NotEmpty(RunFiles.LossChart([]).ToPng());
    }

    [Fact]
    public void A_summary_with_no_finite_loss_is_still_written_as_json()
    {
        using var run = Folder();
        var summary = new TrainSummary("iris", 0, double.NaN, double.NaN, 0.1, 0, "4-3 relu", "sgd", 15, 0, 40, "step 1: the loss is NaN");
        new RunFiles(run.Path).WriteSummary(summary).OrThrow();
        using var json = JsonDocument.Parse(File.ReadAllText(run["summary.json"]));
        Assert.Equal("NaN", json.RootElement.GetProperty("final_loss").GetString());
    }
}
