using Backprop.Functional.Testing;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class SoftplusTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Softplus))]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2)
                             from x in Generators.Normal(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("Softplus", Rule.Softplus, c.x, c.key).ToProperty());

    [Fact]
    public void Is_stable_for_large_inputs() =>
        Assert.Equal([1000.0, 0.0, Math.Log(2)], Rule.Softplus(Tensor.Vector(1000.0, -1000.0, 0.0)).Value.ToArray());
}
