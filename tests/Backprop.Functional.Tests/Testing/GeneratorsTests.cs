using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The public generators: ranges reached at both ends, empty shapes, values away from zero, distributions.</summary>
public class GeneratorsTests
{
    [Fact]
    public void Dims_lie_in_one_to_max()
    {
        Assert.Equal([1, 2, 3, 4], Samples.Of(Generators.Dim(4)).Distinct().Order());
    }

    [Fact]
    public void Shapes_have_the_rank_and_dims_asked_for()
    {
        var all = Samples.Of(Generators.Shape(3, maxDim: 2));
        Assert.All(all, s => Assert.Equal(3, s.Rank));
        Assert.Equal([1, 2], all.SelectMany(s => s.Dims).Distinct().Order());
    }

    [Fact]
    public void Shapes_with_zero_have_an_empty_axis_anywhere()
    {
        var all = Samples.Of(Generators.ShapeWithZero(3, maxDim: 2));
        Assert.All(all, s => Assert.Contains(0, s.Dims.ToArray()));
        Assert.Equal([0, 1, 2], all.SelectMany(s => s.Dims).Distinct().Order());
        for (var axis = 0; axis < 3; axis++)
            Assert.Contains(all, s => s[axis] == 0 && s.Dims.ToArray().Count(d => d == 0) == 1);
    }

    [Fact]
    public void Normal_values_have_the_shape_and_a_standard_spread()
    {
        var all = Samples.Of(Generators.Normal(new Shape(50, 20)), 5);
        Assert.All(all, t => Assert.Equal(new Shape(50, 20), t.Shape));
        Assert.All(all, t => Assert.InRange(t.ToArray().Select(v => v * v).Average(), 0.8, 1.2));
        Assert.Equal(5, all.Select(t => t.Span[0]).Distinct().Count());
    }

    [Fact]
    public void Values_away_from_zero_keep_their_sign_and_the_margin()
    {
        var all = Samples.Of(Generators.AwayFromZero(new Shape(100), margin: 0.25), 10).SelectMany(t => t.ToArray()).ToArray();
        Assert.All(all, v => Assert.True(Math.Abs(v) >= 0.25, v.ToString()));
        Assert.Contains(all, v => v > 0);
        Assert.Contains(all, v => v < 0);
        Assert.Contains(all, v => Math.Abs(v) < 0.3);
    }

    [Fact]
    public void Distributions_are_positive_rows_that_sum_to_one()
    {
        foreach (var t in Samples.Of(Generators.Distributions(new Shape(4, 3)), 10))
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(1.0, t[i, 0] + t[i, 1] + t[i, 2], 1e-12);
                Assert.True(t[i, 0] > 0 && t[i, 1] > 0 && t[i, 2] > 0);
            }
    }
}
