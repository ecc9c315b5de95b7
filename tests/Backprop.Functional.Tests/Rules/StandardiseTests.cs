using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class StandardiseTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.BatchStandardise))]
    public Property Batch_standardize_on_features_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(2, minDim: 2), c => GradCheck.Rule("batch-standardise [b, f]", x => Rule.BatchStandardise(x, 1e-5).Pulled, c.X, c.Key).ToProperty());

    [Property(MaxTest = 50)]
    public Property Batch_standardize_on_images_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(4, minDim: 2, maxDim: 3), c => GradCheck.Rule("batch-standardise nchw", x => Rule.BatchStandardise(x, 1e-5).Pulled, c.X, c.Key).ToProperty());

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.LayerStandardise))]
    public Property Layer_standardize_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(3, minDim: 2), c => GradCheck.Rule("layer-standardise", x => Rule.LayerStandardise(x, 1e-5), c.X, c.Key).ToProperty());

    [Fact]
    public void Batch_statistics_are_per_feature_and_the_variance_is_biased()
    {
        // Feature 0: {1, 3} → mean 2, variance ((1−2)² + (3−2)²)/2 = 1; feature 1: {10, 10} → mean 10, variance 0.
        var s = Rule.BatchStandardise(Tensor.Create(new Shape(2, 2), 1.0, 10, 3, 10), 0.0);
        Assert.Equal([2.0, 10], s.Mean.ToArray());
        Assert.Equal([1.0, 0], s.Variance.ToArray());
        Assert.Equal(-1.0, s.Pulled.Value[0, 0], 12);
        Assert.Equal(1.0, s.Pulled.Value[1, 0], 12);
    }

    [Fact]
    public void Layer_standardize_gives_each_row_mean_0_and_variance_1()
    {
        // Row {1, 2, 3}: mean 2, biased variance 2/3, so x̂ = (−1, 0, 1)/√(2/3) = (−1.2247.., 0, 1.2247..).
        var y = Rule.LayerStandardise(Tensor.Create(new Shape(1, 3), 1.0, 2, 3), 0.0).Value;
        Assert.Equal(-Math.Sqrt(1.5), y[0, 0], 12);
        Assert.Equal(0.0, y[0, 1], 12);
        Assert.Equal(Math.Sqrt(1.5), y[0, 2], 12);
    }
}
