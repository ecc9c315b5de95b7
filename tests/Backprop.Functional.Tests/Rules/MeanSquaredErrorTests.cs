using Backprop.Functional.Rules;
using Backprop.Functional.Testing;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using R = Backprop.Functional.Rules.Rules;

namespace Backprop.Functional.Tests.Rules;

public class MeanSquaredErrorTests
{
    [Property]
    public Property Pullbacks_match_finite_differences_mean() =>
        Prop.ForAll(LossGenerators.Pairs(), c => GradCheck.Rule("mse", (x, y) => R.MeanSquaredError(x, y, Reduction.Mean), c.X, c.Y, c.Key).ToProperty());

    [Property]
    public Property Pullbacks_match_finite_differences_sum() =>
        Prop.ForAll(LossGenerators.Pairs(), c => GradCheck.Rule("sse", (x, y) => R.MeanSquaredError(x, y, Reduction.Sum), c.X, c.Y, c.Key).ToProperty());

    [Property]
    public Property Mean_reduction_equals_the_original_rule() =>
        Prop.ForAll(LossGenerators.Pairs(), c =>
            R.MeanSquaredError(c.X, c.Y, Reduction.Mean).Value.ToScalar() == R.MeanSquaredError(c.X, c.Y).Value.ToScalar());

    [Property]
    public Property Sum_is_mean_times_count() =>
        Prop.ForAll(LossGenerators.Pairs(), c =>
            Math.Abs(R.MeanSquaredError(c.X, c.Y, Reduction.Sum).Value.ToScalar() - c.X.Size * R.MeanSquaredError(c.X, c.Y).Value.ToScalar())
            <= 1e-12 * Math.Max(1, R.MeanSquaredError(c.X, c.Y, Reduction.Sum).Value.ToScalar()));
}
