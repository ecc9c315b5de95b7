using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class ResidualTests
{
    [Property]
    [ChecksGradientOf(typeof(Functional.Layers.Residual))]
    public Property Residual_block_gradients_match_finite_differences() =>
        Prop.ForAll(Cases.Normals(2), c =>
        {
            var features = c.X.Shape[1];
            var block = Residual.Create(Dense.Create<double>(features).Then(Ops.Tanh<double>).Then(Dense.Create<double>(features)));
            return GradCheck.Layer("residual", block.Then(block), c.X, c.Key).ToProperty();
        });

    [Fact]
    public void The_skip_adds_the_input_to_the_branch()
    {
        var x = Tensor.Vector(1.0, 2, 3).Reshape(new Shape(1, 3));
        var y = Residual.Create<double>(v => Ops.Multiply(v, v)).Predict(Params<double>.Empty, x).OrThrow();
        Assert.Equal([2.0, 6, 12], y.ToArray());      // x² + x
    }

    [Fact]
    public void A_branch_that_changes_the_shape_is_an_error_naming_the_block()
    {
        var error = Residual.Create(Dense.Create<double>(2)).Init(Key.Create(0), Tensor<double>.Zeros(new Shape(1, 3))).Match(_ => "", e => e.Message);
        Assert.Equal("residual_1: '+' needs equal shapes, got [1, 2] and [1, 3]", error);
    }
}
