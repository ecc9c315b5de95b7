using Backprop.Functional.Testing;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class HeavisideTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Heaviside))]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2)
                             from x in Generators.AwayFromZero(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("Heaviside", Rule.Heaviside, c.x, c.key).ToProperty());

    [Property]
    public Property Pullback_is_zero_for_every_cotangent() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2) from x in Generators.Normal(shape) from k in Generators.Key() select (x, k)),
            c => Rule.Heaviside(c.x).Pullback(c.k.Normal<double>(c.x.Shape)).MaxAbs() == 0);

    [Fact]
    public void Is_one_above_zero_and_zero_elsewhere() =>
        Assert.Equal([0.0, 0.0, 1.0], Rule.Heaviside(Tensor.Vector(-1.0, 0.0, 3.0)).Value.ToArray());
}
