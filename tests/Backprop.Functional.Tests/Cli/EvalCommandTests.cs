using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using Backprop.Functional.Autodiff;
using Xunit;
using static Backprop.Functional.Tests.Cli.CliRunner;

namespace Backprop.Functional.Tests.Cli;

/// <summary>`eval` on parameters saved by `train`: the architecture comes from the file.</summary>
[Collection("Console")]
public class EvalCommandTests
{
    [Theory]
    [InlineData("mlp")]
    [InlineData("conv")]
    public void Eval_rebuilds_the_model_from_the_file_and_agrees_with_train(string model)
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", "digits", "--model", model, "--hidden", "24", "--activation", "gelu", "--epochs", "1", "--out", run.Path).Code);
        var accuracy = System.Text.Json.JsonDocument.Parse(File.ReadAllText(run["summary.json"])).RootElement.GetProperty("test_accuracy").GetDouble();
        var (code, output, error) = Run("eval", "--params", run["params.safetensors"]);
        Assert.True(code == 0, error);
        Assert.Contains($"accuracy {accuracy:P2}", output);
        Assert.Contains("digits test split (359 rows, seed 0)", output);
        Assert.Contains("true \\ pred", output);
        Assert.Equal(10, output.Split('\n').Count(l => l.EndsWith('%') && !l.StartsWith("accuracy", StringComparison.Ordinal)));
    }

    [Fact]
    public void Eval_reads_a_checkpoint_and_refuses_another_seeds_split()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", "digits", "--hidden", "16", "--epochs", "1", "--out", run.Path).Code);
        var fromParams = Run("eval", "--params", run["params.safetensors"]);
        var fromCheckpoint = Run("eval", "--params", run["checkpoint.safetensors"]);
        Assert.True(fromCheckpoint.Code == 0, fromCheckpoint.Error);
        Assert.Equal(fromParams.Out.Split('\n')[1..], fromCheckpoint.Out.Split('\n')[1..]);
        var (code, _, error) = Run("eval", "--params", run["params.safetensors"], "--seed", "3");
        Assert.Equal(2, code);
        Assert.Contains("--seed 3: the model was trained with seed 0", error);
        Assert.Equal(0, Run("eval", "--params", run["params.safetensors"], "--seed", "0").Code);
    }

    [Fact]
    public void Eval_measures_a_regression_in_the_targets_units()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", Fixture("houses.csv"), "--target", "price", "--hidden", "none", "--lr", "0.05", "--epochs", "10", "--out", run.Path).Code);
        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(run["summary.json"])).RootElement;
        var (code, output, error) = Run("eval", "--params", run["params.safetensors"]);
        Assert.True(code == 0, error);
        Assert.Contains("test split (40 rows, seed 0), target 'price'", output);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"RMSE {summary.GetProperty("test_rmse").GetDouble():G4}"), output);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"R² {summary.GetProperty("test_r2").GetDouble():F4}"), output);
    }

    [Fact]
    public void Bad_files_and_mismatched_data_are_one_line_errors()
    {
        using var run = Folder();
        using var other = Folder();
        Directory.CreateDirectory(other.Path);
        File.WriteAllBytes(other["junk.safetensors"], [1, 2, 3]);
        Safetensors.Write(other["bare.safetensors"], Params<float>.Empty.With("w", Tensor<float>.Zeros(new Shape(2)))).OrThrow();
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "1", "--out", run.Path).Code);
        foreach (var (args, mentioned) in new[]
        {
            (new[] { "eval", "--params", other["missing.safetensors"] }, "file not found"),
            (["eval", "--params", other["junk.safetensors"]], "truncated"),
            (["eval", "--params", other["bare.safetensors"]], "no __metadata__"),
            (["eval", "--params", other["bare.safetensors"], "--data", "iris"], "do not fit"),
            (["eval", "--params", run["params.safetensors"], "--data", "digits"], "--data digits has [64]"),
            (["eval", "--params", run["params.safetensors"], "--seed", "2"], "trained with seed 0"),
            (["eval", "--params", run["params.safetensors"], "--split", "dev"], "--split 'dev'"),
            (["eval"], "--params"),
        })
        {
            var (code, _, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains(mentioned, error);
        }
    }
}
