using Backprop.Cli;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Interop;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tests.Onnx;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Tests.Cli.CliRunner;

namespace Backprop.Functional.Tests.Cli;

/// <summary>`export` on parameters saved by `train`: ONNX that ONNX Runtime runs to the same outputs, or a PyTorch state_dict.</summary>
[Collection("Console")]
public class ExportCommandTests
{
    [Theory]
    [InlineData("mlp")]
    [InlineData("conv")]
    public void Export_writes_onnx_that_gives_the_models_outputs(string model)
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", "digits", "--model", model, "--hidden", "24", "--epochs", "1", "--out", run.Path).Code);
        var (code, output, error) = Run("export", "--params", run["params.safetensors"], "--out", run["model.onnx"]);
        Assert.True(code == 0, error);
        Assert.Contains($"wrote {run["model.onnx"]}: ONNX model (opset 17): input [batch, ", output);
        var file = Safetensors.Read<float>(run["params.safetensors"]).OrThrow();
        var spec = ModelSpec.FromMetadata(file.Metadata, "params").OrThrow();
        var x = Datasets.Digits<float>().OrThrow().Features.Slice(0, 0, 50).Reshape(new Shape([50, .. spec.InputShape]));
        var onnx = new OnnxModel(File.ReadAllBytes(run["model.onnx"]), "", "", 0);
        var worst = OnnxRuntime.WorstError(OnnxRuntime.Run(onnx, x), spec.Build<float>().Predict(file.Tensors, x).OrThrow());
        Assert.True(worst <= 1e-5, $"worst error {worst:E2}");
    }

    [Fact]
    public void Export_writes_a_pytorch_state_dict_by_position()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", "digits", "--hidden", "24", "--epochs", "1", "--out", run.Path).Code);
        var (code, output, error) = Run("export", "--params", run["params.safetensors"], "--out", run["torch.safetensors"], "--format", "torch");
        Assert.True(code == 0, error);
        Assert.Contains("(0: dense_1, 2: dense_2)", output);
        var torch = Safetensors.ReadParams<float>(run["torch.safetensors"]).OrThrow();
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], torch.Paths.Order(StringComparer.Ordinal));
        Assert.Equal(new Shape(24, 64), torch["0.weight"].Shape);
    }

    [Fact]
    public void Export_refuses_an_unknown_format_and_writes_nothing()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", "digits", "--hidden", "8", "--epochs", "1", "--out", run.Path).Code);
        var (code, _, error) = Run("export", "--params", run["params.safetensors"], "--out", run["model.tf"], "--format", "tf");
        Assert.Equal(2, code);
        Assert.Contains("--format 'tf': expected onnx or torch", error);
        Assert.False(File.Exists(run["model.tf"]));
    }
}
