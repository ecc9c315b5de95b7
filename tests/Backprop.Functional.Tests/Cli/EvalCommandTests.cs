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
    public void Bad_files_and_mismatched_data_are_one_line_errors()
    {
        using var run = Folder();
        Directory.CreateDirectory(run.Path);
        File.WriteAllBytes(run["junk.safetensors"], [1, 2, 3]);
        Safetensors.Write(run["bare.safetensors"], Params<float>.Empty.With("w", Tensor<float>.Zeros(new Shape(2)))).OrThrow();
        Assert.Equal(0, Run("train", "--data", "iris", "--epochs", "1", "--out", run.Path).Code);
        foreach (var (args, mentioned) in new[]
        {
            (new[] { "eval", "--params", run["missing.safetensors"] }, "file not found"),
            (["eval", "--params", run["junk.safetensors"]], "truncated"),
            (["eval", "--params", run["bare.safetensors"]], "no __metadata__"),
            (["eval", "--params", run["bare.safetensors"], "--data", "iris"], "do not fit"),
            (["eval", "--params", run["params.safetensors"], "--data", "digits"], "--data digits has [64]"),
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
