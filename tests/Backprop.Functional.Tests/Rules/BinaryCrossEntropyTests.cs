using Backprop.Functional.Rules;
using Backprop.Functional.Testing;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class BinaryCrossEntropyTests
{
    private static Arbitrary<(Tensor<double> Z, Tensor<double> Y, Key Key)> LogitsAndTargets() =>
        Arb.From(from shape in Generators.Shape(2)
                 from z in Generators.Normal(shape)
                 from y in Generators.Normal(shape)
                 from key in Generators.Key()
                 select (z, Rule.Sigmoid(y).Value, key));

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.BinaryCrossEntropy))]
    public Property Pullbacks_match_finite_differences_mean() =>
        Prop.ForAll(LogitsAndTargets(), c => GradCheck.Rule("bce", (z, y) => Rule.BinaryCrossEntropy(z, y, Reduction.Mean), c.Z, c.Y, c.Key).ToProperty());

    [Property]
    public Property Pullbacks_match_finite_differences_sum() =>
        Prop.ForAll(LogitsAndTargets(), c => GradCheck.Rule("bce sum", (z, y) => Rule.BinaryCrossEntropy(z, y, Reduction.Sum), c.Z, c.Y, c.Key).ToProperty());

    [Fact]
    public void Agrees_with_the_textbook_formula_and_stays_finite_at_extreme_logits()
    {
        var (z, y) = (0.3, 0.8);
        var p = 1 / (1 + Math.Exp(-z));
        Assert.Equal(-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p)), Rule.BinaryCrossEntropy(Tensor.Vector(z), Tensor.Vector(y)).Value.ToScalar(), 12);
        var extreme = Rule.BinaryCrossEntropy(Tensor.Vector(1000.0, -1000.0), Tensor.Vector(0.0, 1.0), Reduction.Sum).Value.ToScalar();
        Assert.Equal(2000.0, extreme);   // the naive form gives log(0) = −∞ here
    }
}
