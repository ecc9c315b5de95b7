using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>A generated perceptron: its text, the layers it builds, and how it shrinks.</summary>
public class LayerSpecTests
{
    private static Tensor<double> Run(LayerSpec spec, Tensor<double> x)
    {
        var layer = spec.Build();
        var p = Diff.Init(layer(x), Key.Create(3)).OrThrow();
        return Diff.Run(layer(x), p).OrThrow().Value;
    }

    [Fact]
    public void The_text_lists_each_dense_layer_and_its_activation()
    {
        Assert.Equal("dense(3)·relu → dense(2) → dense(1)·tanh", new LayerSpec([3, 2, 1], ["relu", "none", "tanh"]).ToString());
        Assert.Equal(["relu", "tanh", "sigmoid", "none"], LayerSpec.Activations);
    }

    [Fact]
    public void It_builds_dense_layers_of_the_given_widths()
    {
        var x = Key.Create(1).Normal<double>(new Shape(5, 4));
        var spec = new LayerSpec([3, 2], ["none", "none"]);
        var p = Diff.Init(spec.Build()(x), Key.Create(3)).OrThrow();
        Assert.Equal(new Shape(5, 2), Run(spec, x).Shape);
        Assert.Equal(["dense_1/b", "dense_1/w", "dense_2/b", "dense_2/w"], p.Paths.Order());
        Assert.Equal(new Shape(4, 3), p["dense_1/w"].Shape);
    }

    [Theory]
    [InlineData("relu", 0.0, double.PositiveInfinity)]
    [InlineData("sigmoid", 0.0, 1.0)]
    [InlineData("tanh", -1.0, 1.0)]
    public void Each_activation_bounds_its_layers_output(string activation, double low, double high)
    {
        var y = Run(new LayerSpec([50], [activation]), 10.0 * Key.Create(1).Normal<double>(new Shape(20, 4))).ToArray();
        Assert.All(y, v => Assert.InRange(v, low, high));
        Assert.Contains(y, v => v > low);
    }

    [Fact]
    public void No_activation_leaves_the_dense_output_as_it_is()
    {
        var y = Run(new LayerSpec([50], ["none"]), 10.0 * Key.Create(1).Normal<double>(new Shape(20, 4))).ToArray();
        Assert.Contains(y, v => v < -1.0);
        Assert.Contains(y, v => v > 1.0);
    }

    [Fact]
    public void It_shrinks_by_dropping_a_layer_or_narrowing_one_to_width_one()
    {
        Assert.Equal(["dense(1)·tanh", "dense(3)·relu", "dense(1)·relu → dense(1)·tanh"],
            new LayerSpec([3, 1], ["relu", "tanh"]).Shrink().Select(s => s.ToString()));
        Assert.Equal(["dense(1)"], new LayerSpec([2], ["none"]).Shrink().Select(s => s.ToString()));
        Assert.Empty(new LayerSpec([1], ["none"]).Shrink());
    }
}
