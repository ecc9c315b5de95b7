using Backprop.Functional.Testing;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class EluTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Elu))]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2)
                             from x in Generators.AwayFromZero(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("Elu", x => Rule.Elu(x, 0.7), c.x, c.key).ToProperty());

    /// <summary>
    /// With α = 1 the slope is continuous at 0 (α·e⁰ = 1 on the left, 1 on the right), though the
    /// curvature jumps, so a finite-difference property across 0 would be testing the difference scheme,
    /// not the rule: compare the one-sided slopes directly.
    /// </summary>
    [Fact]
    public void Slope_is_continuous_at_zero_when_alpha_is_one()
    {
        var x = Tensor.Vector(-1e-12, 0.0, 1e-12);
        var slopes = Rule.Elu(x, 1.0).Pullback(Tensor.Vector(1.0, 1.0, 1.0)).ToArray();
        Assert.All(slopes, s => Assert.Equal(1.0, s, 10));
    }

    [Fact]
    public void Saturates_at_minus_alpha() =>
        Assert.Equal(-0.7, Rule.Elu(Tensor.Vector(-50.0), 0.7).Value[0], 12);
}
