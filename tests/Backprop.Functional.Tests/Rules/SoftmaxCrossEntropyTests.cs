using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class SoftmaxCrossEntropyTests
{
    private static Arbitrary<(Tensor<double> Z, Tensor<double> Y, Key Key)> LogitsAndDistributions() =>
        Arb.From(from shape in Generators.Shape(2)
                 from z in Generators.Normal(shape)
                 from y in Generators.Distributions(shape)
                 from key in Generators.Key()
                 select (z, y, key));

    [Property]
    public Property Pullback_matches_finite_differences_mean() =>
        Prop.ForAll(LogitsAndDistributions(), c => GradCheck.Rule("sce", z => Rule.SoftmaxCrossEntropy(z, c.Y, Reduction.Mean), c.Z, c.Key).ToProperty());

    [Property]
    public Property Pullback_matches_finite_differences_sum() =>
        Prop.ForAll(LogitsAndDistributions(), c => GradCheck.Rule("sce sum", z => Rule.SoftmaxCrossEntropy(z, c.Y, Reduction.Sum), c.Z, c.Key).ToProperty());

    [Property]
    public Property Mean_is_sum_over_batch_size() =>
        Prop.ForAll(LogitsAndDistributions(), c =>
            Math.Abs(Rule.SoftmaxCrossEntropy(c.Z, c.Y, Reduction.Sum).Value.ToScalar() / c.Z.Shape[0]
                     - Rule.SoftmaxCrossEntropy(c.Z, c.Y).Value.ToScalar()) <= 1e-12);

    /// <summary>Targets whose rows do not sum to one (unnormalised soft labels): the gradient is (ŷ·Σy − y)/B, not ŷ − y.</summary>
    private static Arbitrary<(Tensor<double> Z, Tensor<double> Y, Key Key)> LogitsAndPositiveTargets() =>
        Arb.From(from shape in Generators.Shape(2)
                 from z in Generators.Normal(shape)
                 from y in Generators.Normal(shape)
                 from key in Generators.Key()
                 select (z, y.Exp(), key));

    [Property]
    public Property Pullback_matches_finite_differences_for_unnormalised_targets() =>
        Prop.ForAll(LogitsAndPositiveTargets(), c => GradCheck.Rule("sce", z => Rule.SoftmaxCrossEntropy(z, c.Y), c.Z, c.Key).ToProperty());

    [Property]
    public Property Pullback_matches_finite_differences_for_unnormalised_targets_sum() =>
        Prop.ForAll(LogitsAndPositiveTargets(), c => GradCheck.Rule("sce sum", z => Rule.SoftmaxCrossEntropy(z, c.Y, Reduction.Sum), c.Z, c.Key).ToProperty());
}
