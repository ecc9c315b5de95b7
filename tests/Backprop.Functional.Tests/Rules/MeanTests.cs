using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class MeanTests
{
    [Property]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(RuleCases.Matrix(), c => GradCheck.Rule("Mean", Functional.Rules.Rule.Mean, c.X, c.Key).ToProperty());

    [Fact]
    public void Mean_of_an_empty_tensor_is_zero()
    {
        var pulled = Functional.Rules.Rule.Mean(Tensor<double>.Zeros(new Shape(0, 3)));
        Assert.Equal(0.0, pulled.Value.ToScalar());
        Assert.Equal(new Shape(0, 3), pulled.Pullback(Tensor.Scalar(1.0)).Shape);
    }

    [Fact]
    public void Pullback_spreads_the_cotangent_evenly()
    {
        // mean(1, 2, 3, 6) = 3; ∂/∂x_i = 1/4, so a cotangent of 2 gives 0.5 each.
        var pulled = Functional.Rules.Rule.Mean(Tensor.Vector(1.0, 2, 3, 6));
        Assert.Equal(3.0, pulled.Value.ToScalar());
        Assert.Equal([0.5, 0.5, 0.5, 0.5], pulled.Pullback(Tensor.Scalar(2.0)).ToArray());
    }
}
