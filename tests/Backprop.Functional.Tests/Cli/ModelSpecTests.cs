using Backprop.Cli;
using Backprop.Functional.Autodiff;
using Xunit;

namespace Backprop.Functional.Tests.Cli;

public class ModelSpecTests
{
    [Fact]
    public void The_architecture_round_trips_through_metadata()
    {
        var spec = new ModelSpec("conv", [128, 64], "elu", 0.25, [1, 28, 28], 10, "fashion", -3);
        var back = ModelSpec.FromMetadata(spec.ToMetadata(), "f").OrThrow();
        Assert.Equal(spec.ToMetadata(), back.ToMetadata());
        Assert.Equal("conv[1x28x28]-128-64-10 elu dropout 0.25", back.Describe());
    }

    [Theory]
    [InlineData("model", "rnn")]
    [InlineData("hidden", "12,-1")]
    [InlineData("activation", "swish")]
    [InlineData("dropout", "1")]
    [InlineData("classes", "0")]
    [InlineData("format", "other/1")]
    public void A_bad_entry_is_an_error_naming_it(string key, string value)
    {
        var metadata = new ModelSpec("mlp", [8], "relu", 0, [4], 3, "iris", 0).ToMetadata();
        metadata[key] = value;
        var error = ModelSpec.FromMetadata(metadata, "x.safetensors").Match(_ => "", e => e.Message);
        Assert.Contains($"x.safetensors: __metadata__ '{key}' is '{value}'", error);
    }
}
