using Backprop.Functional.Testing;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using R = Backprop.Functional.Rules.Rules;

namespace Backprop.Functional.Tests.Rules;

public class EluTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rules.Elu))]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2)
                             from x in Generators.AwayFromZero(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("Elu", x => R.Elu(x, 0.7), c.x, c.key).ToProperty());

    [Property]
    public Property Smooth_at_zero_when_alpha_is_one() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2) from x in Generators.Normal(shape) from key in Generators.Key() select (x, key)),
            c => GradCheck.Rule("elu(1)", x => R.Elu(x, 1.0), c.x, c.key).ToProperty());

    [Fact]
    public void Saturates_at_minus_alpha() =>
        Assert.Equal(-0.7, R.Elu(Tensor.Vector(-50.0), 0.7).Value[0], 12);
}
