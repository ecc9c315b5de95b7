using Backprop.Functional.Testing;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class LeakyReluTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.LeakyRelu))]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2)
                             from x in Generators.AwayFromZero(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("LeakyRelu", x => Rule.LeakyRelu(x, 0.1), c.x, c.key).ToProperty());

    [Fact]
    public void Negative_inputs_are_scaled_by_the_slope() =>
        Assert.Equal([-0.5, 0.0, 2.0], Rule.LeakyRelu(Tensor.Vector(-5.0, 0.0, 2.0), 0.1).Value.ToArray());
}
