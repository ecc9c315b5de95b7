using Backprop.Functional.Rules;
using Backprop.Functional.Testing;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class HuberTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Huber))]
    public Property Pullbacks_match_finite_differences_mean() =>
        Prop.ForAll(LossGenerators.OffKinks(0.8), c => GradCheck.Rule("huber", (x, y) => Rule.Huber(x, y, 0.8, Reduction.Mean), c.X, c.Y, c.Key).ToProperty());

    [Property]
    public Property Pullbacks_match_finite_differences_sum() =>
        Prop.ForAll(LossGenerators.OffKinks(0.8), c => GradCheck.Rule("huber sum", (x, y) => Rule.Huber(x, y, 0.8, Reduction.Sum), c.X, c.Y, c.Key).ToProperty());

    [Fact]
    public void Quadratic_inside_delta_linear_outside()
    {
        // e = 0.5 → ½·0.25 = 0.125; e = −3 → 1·(3 − 0.5) = 2.5
        Assert.Equal(2.625, Rule.Huber(Tensor.Vector(0.5, -3.0), Tensor.Vector(0.0, 0.0), 1.0, Reduction.Sum).Value.ToScalar());
    }

    [Fact]
    public void Rejects_a_non_positive_delta() =>
        Assert.Contains("delta", Assert.Throws<ArgumentOutOfRangeException>(() => Rule.Huber(Tensor.Vector(1.0), Tensor.Vector(0.0), -1.0)).Message);
}
