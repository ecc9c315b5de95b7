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
}
