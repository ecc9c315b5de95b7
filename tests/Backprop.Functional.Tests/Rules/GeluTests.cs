using Backprop.Functional.Testing;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class GeluTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.Gelu))]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2)
                             from x in Generators.Normal(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("Gelu", Rule.Gelu, c.x, c.key).ToProperty());

    [Fact]
    public void Is_close_to_the_exact_gelu() =>
        // x·Φ(x) at x = 1, −1, 2 (Φ from tables: 0.841344746, 0.158655254, 0.977249868); the tanh form is within 1e-3.
        Assert.All(Rule.Gelu(Tensor.Vector(1.0, -1.0, 2.0)).Value.ToArray().Zip([0.841344746, -0.158655254, 1.954499736]),
            p => Assert.InRange(p.Item1 - p.Item2, -1e-3, 1e-3));
}
