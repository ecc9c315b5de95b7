using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class MeanSquaredErrorTests
{
    [Property]
    public Property Pullbacks_match_finite_differences_mean() =>
        Prop.ForAll(LossGenerators.Pairs(), c => GradCheck.Rule("mse", (x, y) => Rule.MeanSquaredError(x, y, Reduction.Mean), c.X, c.Y, c.Key).ToProperty());

    [Property]
    public Property Pullbacks_match_finite_differences_sum() =>
        Prop.ForAll(LossGenerators.Pairs(), c => GradCheck.Rule("sse", (x, y) => Rule.MeanSquaredError(x, y, Reduction.Sum), c.X, c.Y, c.Key).ToProperty());

    [Property]
    public Property Mean_reduction_equals_the_original_rule() =>
        Prop.ForAll(LossGenerators.Pairs(), c =>
            Rule.MeanSquaredError(c.X, c.Y, Reduction.Mean).Value.ToScalar() == Rule.MeanSquaredError(c.X, c.Y).Value.ToScalar());

    [Property]
    public Property Sum_is_mean_times_count() =>
        Prop.ForAll(LossGenerators.Pairs(), c =>
            Math.Abs(Rule.MeanSquaredError(c.X, c.Y, Reduction.Sum).Value.ToScalar() - c.X.Size * Rule.MeanSquaredError(c.X, c.Y).Value.ToScalar())
            <= 1e-12 * Math.Max(1, Rule.MeanSquaredError(c.X, c.Y, Reduction.Sum).Value.ToScalar()));

    [Property]
    public Property Pullbacks_of_the_rule_without_a_reduction_match_finite_differences() =>
        Prop.ForAll(LossGenerators.Pairs(), c => GradCheck.Rule("mse", Rule.MeanSquaredError, c.X, c.Y, c.Key).ToProperty());
}
