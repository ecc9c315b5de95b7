using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

public class ClippingTests
{
    private static Params<double> Clip(Params<double> g, double max) =>
        Transforms.ClipByGlobalNorm(max).Update(g, OptState<double>.Empty, g, ExtraArgs<double>.None).Updates;

    [Property]
    public Property Global_norm_clipping_never_increases_the_norm_and_respects_the_bound() =>
        Prop.ForAll(Trees.Arb(), Arb.From(Gen.Choose(1, 1000)), (g, m) =>
        {
            var max = m / 100.0;
            var n = Clip(g, max).Norm();
            return n <= g.Norm() * (1 + 1e-12) && n <= max * (1 + 1e-12);
        });

    [Property]
    public Property Global_norm_clipping_keeps_the_direction() =>
        Prop.ForAll(Trees.Arb(), Arb.From(Gen.Choose(1, 1000)), (g, m) =>
        {
            var c = Clip(g, m / 100.0);
            var cosine = c.Dot(g) / (c.Norm() * g.Norm());
            return Math.Abs(cosine - 1) < 1e-12;
        });

    [Property]
    public Property Global_norm_clipping_leaves_short_updates_alone() =>
        Prop.ForAll(Trees.Arb(), g => Clip(g, g.Norm() * 1.01).All(e => e.Value.ToArray().SequenceEqual(g[e.Key].ToArray())));

    [Property]
    public Property Value_clipping_bounds_every_coordinate_and_keeps_small_ones() =>
        Prop.ForAll(Trees.Arb(), Arb.From(Gen.Choose(1, 1000)), (g, m) =>
        {
            var max = m / 100.0;
            var c = Transforms.ClipByValue(max).Update(g, OptState<double>.Empty, g, ExtraArgs<double>.None).Updates;
            return c.All(e => e.Value.ToArray().Zip(g[e.Key].ToArray()).All(p =>
                Math.Abs(p.Item1) <= max && (Math.Abs(p.Item2) > max || p.Item1 == p.Item2) && Math.Sign(p.Item1) == Math.Sign(p.Item2)));
        });

    [Fact]
    public void Clipping_rejects_a_non_positive_bound()
    {
        Assert.Contains("clip by global norm", Assert.Throws<ArgumentOutOfRangeException>(() => Transforms.ClipByGlobalNorm(0.0)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentOutOfRangeException>(() => Transforms.ClipByValue(double.NaN)).Message);
    }
}
