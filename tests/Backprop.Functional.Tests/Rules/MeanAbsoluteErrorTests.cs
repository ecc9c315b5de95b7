using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class MeanAbsoluteErrorTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.MeanAbsoluteError))]
    public Property Pullbacks_match_finite_differences_mean() =>
        Prop.ForAll(LossGenerators.OffKinks(0), c => GradCheck.Rule("mae", (x, y) => Rule.MeanAbsoluteError(x, y, Reduction.Mean), c.X, c.Y, c.Key).ToProperty());

    [Property]
    public Property Pullbacks_match_finite_differences_sum() =>
        Prop.ForAll(LossGenerators.OffKinks(0), c => GradCheck.Rule("mae sum", (x, y) => Rule.MeanAbsoluteError(x, y, Reduction.Sum), c.X, c.Y, c.Key).ToProperty());

    [Fact]
    public void Mean_and_sum_of_absolute_errors()
    {
        var (p, t) = (Tensor.Vector(1.0, 2.0, 3.0, 4.0), Tensor.Vector(0.0, 4.0, 3.0, 5.0));
        Assert.Equal(1.0, Rule.MeanAbsoluteError(p, t).Value.ToScalar());
        Assert.Equal(4.0, Rule.MeanAbsoluteError(p, t, Reduction.Sum).Value.ToScalar());
    }

    [Fact]
    public void Gradient_is_zero_where_the_prediction_equals_the_target()
    {
        // errors (1, 0): sign (1, 0), so ∂L/∂ŷ = (1, 0)/2 with the mean and ∂L/∂y its negative.
        var pulled = Rule.MeanAbsoluteError(Tensor.Vector(1.0, 2.0), Tensor.Vector(0.0, 2.0));
        Assert.Equal([0.5, 0.0], pulled.PullbackX(Tensor.Scalar(1.0)).ToArray());
        Assert.Equal([-0.5, 0.0], pulled.PullbackY(Tensor.Scalar(1.0)).ToArray());
    }
}
