using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

/// <summary>Per-channel bias and scale, on [b, f] and NCHW (axis 1) and on the last axis (axis −1).</summary>
public class ChannelTests
{
    public static TheoryData<int, int> RanksAndAxes => new() { { 2, 1 }, { 4, 1 }, { 3, -1 } };

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.ChannelBias))]
    public Property Channel_bias_pullbacks_match_finite_differences() =>
        Prop.ForAll(Cases.Normals(4), Arb.From(Gen.Elements(1, -1)), (c, axis) =>
        {
            var b = c.Key.Split().Left.Normal<double>(new Shape(c.X.Shape[axis]));
            return GradCheck.Rule($"channel-bias axis {axis}", (x, v) => Rule.ChannelBias(x, v, axis), c.X, b, c.Key.Split().Right).ToProperty();
        });

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.ChannelScale))]
    public Property Channel_scale_pullbacks_match_finite_differences() =>
        Prop.ForAll(Cases.Normals(2), Arb.From(Gen.Elements(1, -1)), (c, axis) =>
        {
            var s = c.Key.Split().Left.Normal<double>(new Shape(c.X.Shape[axis]));
            return GradCheck.Rule($"channel-scale axis {axis}", (x, v) => Rule.ChannelScale(x, v, axis), c.X, s, c.Key.Split().Right).ToProperty();
        });

    [Property]
    public Property Channel_scale_on_images_matches_finite_differences() =>
        Prop.ForAll(Cases.Normals(4), c =>
        {
            var s = c.Key.Split().Left.Normal<double>(new Shape(c.X.Shape[1]));
            return GradCheck.Rule("channel-scale nchw", (x, v) => Rule.ChannelScale(x, v), c.X, s, c.Key.Split().Right).ToProperty();
        });

    [Fact]
    public void Channel_bias_adds_one_value_per_channel_of_an_image()
    {
        // [1, 2, 1, 2]: channel 0 gets +10, channel 1 gets −1.
        var y = Rule.ChannelBias(Tensor.Create(new Shape(1, 2, 1, 2), 1.0, 2, 3, 4), Tensor.Vector(10.0, -1)).Value;
        Assert.Equal([11.0, 12, 2, 3], y.ToArray());
    }
}
