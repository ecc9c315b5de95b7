using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class NormalisationTests
{
    private static readonly Tensor<double> Train = Tensor<double>.FromSpan(new Shape(3, 2), [1, 5, 2, 5, 3, 5]);
    private static readonly Tensor<double> Test = Tensor<double>.FromSpan(new Shape(1, 2), [4, 7]);

    [Fact]
    public void Standardiser_uses_training_statistics_only()
    {
        var s = Standardiser<double>.Fit(Train);
        Assert.Equal([2.0, 5.0], s.Mean.ToArray());
        Assert.Equal([Math.Sqrt(2.0 / 3), 1.0], s.Std.ToArray());   // the constant column keeps std 1
        var z = s.Apply(Train).ToArray();
        Assert.Equal(0, z[0] + z[2] + z[4], 12);
        Assert.Equal(1, (z[0] * z[0] + z[2] * z[2] + z[4] * z[4]) / 3, 12);
        Assert.Equal([2 / Math.Sqrt(2.0 / 3), 2.0], s.Apply(Test).ToArray());
    }

    [Fact]
    public void MinMax_scales_training_to_unit_range_and_reuses_it_for_test()
    {
        var (train, test, stats) = MinMaxScaler<double>.FitApply(
            new Dataset<double>(Train, [0, 1, 0], 2), new Dataset<double>(Test, [1], 2));
        Assert.Equal([0.0, 0, 0.5, 0, 1, 0], train.Features.ToArray());
        Assert.Equal([1.5, 2.0], test.Features.ToArray());
        Assert.Equal([1.0, 5.0], stats.Min.ToArray());
    }

    [Fact]
    public void Wrong_width_is_a_shape_error() =>
        Assert.Throws<ShapeException>(() => Standardiser<double>.Fit(Train).Apply(Tensor<double>.Zeros(new Shape(2, 3))));

    [Fact]
    public void MinMax_finds_the_minimum_and_maximum_in_any_row()
    {
        // Column 0 {3, −1, 2}: min −1 (row 1), range 4; column 1 {−5, 0, 7}: min −5 (row 0), max 7 (row 2), range 12.
        var x = Tensor<double>.FromSpan(new Shape(3, 2), [3, -5, -1, 0, 2, 7]);
        var s = MinMaxScaler<double>.Fit(x);
        Assert.Equal([-1.0, -5], s.Min.ToArray());
        Assert.Equal([4.0, 12], s.Range.ToArray());
        Assert.Equal([1.0, 0, 0, 5.0 / 12, 0.75, 1], s.Apply(x).ToArray());
    }

    [Fact]
    public void A_constant_feature_scales_to_zero_and_a_vector_is_rows_of_one_feature()
    {
        var s = MinMaxScaler<double>.Fit(Tensor<double>.FromSpan(new Shape(2, 1), [4, 4]));
        Assert.Equal([1.0], s.Range.ToArray());
        Assert.Equal([0.0, 0], s.Apply(Tensor<double>.FromSpan(new Shape(2, 1), [4, 4])).ToArray());
        var v = MinMaxScaler<double>.Fit(Tensor.Vector(2.0, 6, 4));
        Assert.Equal([2.0], v.Min.ToArray());
        Assert.Equal([0.0, 1, 0.5], v.Apply(Tensor.Vector(2.0, 6, 4)).ToArray());
        var z = Standardiser<double>.Fit(Tensor.Vector(1.0, 3));
        Assert.Equal([2.0], z.Mean.ToArray());
        Assert.Equal([1.0], z.Std.ToArray());
    }

    [Fact]
    public void Scalers_need_rows_and_the_fitted_width()
    {
        foreach (var bad in new[] { Tensor<double>.Zeros(Shape.Scalar), Tensor<double>.Zeros(new Shape(0, 2)) })
        {
            Assert.Throws<ShapeException>(() => MinMaxScaler<double>.Fit(bad));
            Assert.Throws<ShapeException>(() => Standardiser<double>.Fit(bad));
        }
        var e = Assert.Throws<ShapeException>(() => MinMaxScaler<double>.Fit(Train).Apply(Tensor<double>.Zeros(new Shape(2, 3))));
        Assert.Equal("scaler fitted on 2 features, given [2, 3]", e.Message);
    }

    [Fact]
    public void Standardiser_fit_apply_standardises_both_splits_with_the_training_statistics()
    {
        var (train, test, stats) = Standardiser<double>.FitApply(new Dataset<double>(Train, [0, 1, 0], 2), new Dataset<double>(Test, [1], 2));
        Assert.Equal([2.0, 5.0], stats.Mean.ToArray());
        Assert.Equal(stats.Apply(Train).ToArray(), train.Features.ToArray());
        Assert.Equal([2 / Math.Sqrt(2.0 / 3), 2.0], test.Features.ToArray());
        Assert.Equal([1], test.Labels);
    }
}
