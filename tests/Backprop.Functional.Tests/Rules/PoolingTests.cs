using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class PoolingTests
{
    private static readonly Tensor<double> OneToSixteen =
        Tensor.Create(new Shape(1, 1, 4, 4), Enumerable.Range(1, 16).Select(i => (double)i).ToArray());

    [Property(MaxTest = 60)]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.MaxPool2d))]
    public Property Max_pool_pullback_matches_finite_differences_without_ties() =>
        Prop.ForAll(Cases.Pools(), c => GradCheck.Rule($"max-pool {c}", x => Rule.MaxPool2d(x, c.Size, c.Stride), c.X, c.Key).ToProperty());

    [Property(MaxTest = 60)]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.AvgPool2d))]
    public Property Avg_pool_pullback_matches_finite_differences() =>
        Prop.ForAll(Cases.Pools(), c => GradCheck.Rule($"avg-pool {c}", x => Rule.AvgPool2d(x, c.Size, c.Stride), c.X, c.Key).ToProperty());

    [Fact]
    public void Max_pool_2x2_on_1_to_16_keeps_each_window_maximum()
    {
        // Windows {1,2,5,6} {3,4,7,8} {9,10,13,14} {11,12,15,16}: maxima 6, 8, 14, 16 (by inspection).
        Assert.Equal([6.0, 8, 14, 16], Rule.MaxPool2d(OneToSixteen, 2, 2).Value.ToArray());
    }

    [Fact]
    public void Avg_pool_2x2_on_1_to_16_averages_each_window()
    {
        // (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, (9+10+13+14)/4 = 11.5, (11+12+15+16)/4 = 13.5.
        Assert.Equal([3.5, 5.5, 11.5, 13.5], Rule.AvgPool2d(OneToSixteen, 2, 2).Value.ToArray());
    }

    [Fact]
    public void On_a_tie_the_first_maximum_takes_the_whole_gradient()
    {
        var x = Tensor.Create(new Shape(1, 1, 2, 2), 3.0, 3, 1, 3);
        var dx = Rule.MaxPool2d(x, 2, 2).Pullback(Tensor.Create(new Shape(1, 1, 1, 1), 5.0));
        Assert.Equal([5.0, 0, 0, 0], dx.ToArray());
    }

    [Fact]
    public void Overlapping_windows_add_their_gradients()
    {
        // Size 2, stride 1 on a 1x3 row... as 3x3 with the centre the largest: it wins all four windows.
        var x = Tensor.Create(new Shape(1, 1, 3, 3), 0.0, 0.1, 0.2, 0.3, 9, 0.4, 0.5, 0.6, 0.7);
        var dx = Rule.MaxPool2d(x, 2, 1).Pullback(Tensor<double>.Ones(new Shape(1, 1, 2, 2)));
        Assert.Equal(4.0, dx[0, 0, 1, 1]);
        Assert.Equal(4.0, dx.Sum());
    }
}
