using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

/// <summary>Conv2d, pooling and flatten as layers: gradients through parameters and input, and errors at build time.</summary>
public class ConvLayersTests
{
    [Property(MaxTest = 40)]
    [ChecksGradientOf(typeof(Functional.Layers.Conv2d))]
    public Property Conv2d_layer_gradients_match_finite_differences() =>
        Prop.ForAll(Cases.Convs(), c =>
            GradCheck.Layer($"conv2d {c}", Conv2d.Create<double>(c.W.Shape[0], c.W.Shape[2], c.Stride, c.Padding), c.X, c.Key).ToProperty());

    [Property(MaxTest = 40)]

    [ChecksGradientOf(typeof(Functional.Layers.MaxPool2d))]

    [ChecksGradientOf(typeof(Functional.Layers.AvgPool2d))]
    public Property Pooling_layers_gradients_match_finite_differences() =>
        Prop.ForAll(Cases.Pools(), c =>
            GradCheck.Layer($"max-pool then avg-pool {c}",
                MaxPool2d.Create<double>(c.Size, c.Stride).Then(AvgPool2d.Create<double>(1)), c.X, c.Key).ToProperty());

    [Property(MaxTest = 30)]

    [ChecksGradientOf(typeof(Functional.Layers.Flatten))]
    public Property A_small_conv_net_gradients_match_finite_differences() =>
        Prop.ForAll(Arb.From(Generators.Key()), key =>
        {
            var net = LayerExtensions.Sequential(
                Conv2d.Create<double>(2, 3, padding: 1), Ops.Tanh<double>, MaxPool2d.Create<double>(2),
                Flatten.Create<double>(), Dense.Create<double>(3));
            return GradCheck.Layer("conv-tanh-pool-flatten-dense", net, Cases.Distinct(new Shape(2, 1, 4, 4), key), key.FoldIn(1)).ToProperty();
        });

    [Fact]
    public void A_kernel_larger_than_the_padded_input_fails_at_init_naming_the_layer()
    {
        var net = Dense.Create<double>(4).Named("stem").Then(x => Ops.Reshape(x, new Shape(1, 1, 2, 2))).Then(Conv2d.Create<double>(1, 5, padding: 1));
        var error = Diff.Init(net(Tensor<double>.Zeros(new Shape(1, 3))), Key.Create(0)).Match(_ => "", e => e.Message);
        Assert.Equal("conv2d_1: conv2d: kernel 5x5 does not fit the padded input 4x4 (input 2x2, padding 1)", error);
    }

    [Fact]
    public void A_pooling_window_larger_than_the_input_fails_at_init_naming_the_layer()
    {
        var error = MaxPool2d.Create<double>(3).Init(Key.Create(0), Tensor<double>.Zeros(new Shape(1, 1, 2, 2))).Match(_ => "", e => e.Message);
        Assert.StartsWith("max_pool2d_1: max-pool: kernel 3x3 does not fit the padded input 2x2", error);
    }

    [Fact]
    public void Non_positive_sizes_are_rejected_when_the_layer_is_built()
    {
        Assert.Contains("conv2d: kernel must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Create<double>(4, 0)).Message);
        Assert.Contains("conv2d: outChannels must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Create<double>(0, 3)).Message);
        Assert.Contains("conv2d: padding must not be negative", Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Create<double>(1, 3, padding: -1)).Message);
        Assert.Contains("pool: stride must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPool2d.Create<double>(2, 0, name: "pool")).Message);
    }

    [Fact]
    public void Conv2d_parameters_have_the_documented_shapes()
    {
        var p = Conv2d.Create<double>(6, 5, padding: 2).Init(Key.Create(1), Tensor<double>.Zeros(new Shape(2, 3, 8, 8))).OrThrow();
        Assert.Equal(new Shape(6, 3, 5, 5), p["conv2d_1/w"].Shape);
        Assert.Equal(new Shape(6), p["conv2d_1/b"].Shape);
        Assert.Equal(new Shape(2, 6, 8, 8), Conv2d.Create<double>(6, 5, padding: 2).Predict(p, Tensor<double>.Zeros(new Shape(2, 3, 8, 8))).OrThrow().Shape);
    }

    [Fact]
    public void Pooling_sizes_and_strides_must_be_positive_naming_the_parameter()
    {
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => MaxPool2d.Create<double>(0)).ParamName);
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => AvgPool2d.Create<double>(0, 1)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => AvgPool2d.Create<double>(2, 0)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => Conv2d.Create<double>(1, 2, stride: 0)).ParamName);
    }

    [Fact]
    public void A_pooling_stride_given_is_used_and_otherwise_it_is_the_size()
    {
        // x = 0..15 as one 4x4 image. Windows 2x2: stride 2 gives 2x2 outputs, stride 1 gives 3x3.
        var x = Tensor.Create(new Shape(1, 1, 4, 4), Enumerable.Range(0, 16).Select(i => (double)i).ToArray());
        double[] Run(Layer<double> layer) => layer.Predict(Params<double>.Empty, x).OrThrow().ToArray();
        Assert.Equal([5.0, 7, 13, 15], Run(MaxPool2d.Create<double>(2)));
        Assert.Equal([5.0, 6, 7, 9, 10, 11, 13, 14, 15], Run(MaxPool2d.Create<double>(2, 1)));
        Assert.Equal([2.5, 4.5, 10.5, 12.5], Run(AvgPool2d.Create<double>(2)));
        Assert.Equal([2.5, 3.5, 4.5, 6.5, 7.5, 8.5, 10.5, 11.5, 12.5], Run(AvgPool2d.Create<double>(2, 1)));
    }

    [Fact]
    public void Conv2d_uses_a_given_initialiser_and_needs_images()
    {
        var p = Conv2d.Create<double>(2, 3, init: Initialisers.Ones<double>()).Init(Key.Create(1), Tensor<double>.Zeros(new Shape(1, 2, 4, 4))).OrThrow();
        Assert.All(p["conv2d_1/w"].ToArray(), v => Assert.Equal(1.0, v));
        var error = Conv2d.Create<double>(2, 3).Init(Key.Create(0), Tensor<double>.Zeros(new Shape(2, 4, 4))).Match(_ => "", e => e.Message);
        Assert.Equal("conv2d_1: conv2d needs input [batch, channels, h, w], got [2, 4, 4]", error);
    }
}
