using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

public class MaskingTests
{
    [Property]
    public Property Masking_leaves_the_other_subtree_untouched() =>
        Prop.ForAll(Trees.Arb(), g =>
        {
            var opt = Optimiser.Adam(0.1).Masked("a");
            var (u, s) = opt.Update(g, opt.Init(g), g, ExtraArgs<double>.None);
            var inner = Optimiser.Adam(0.1);
            var (expected, _) = inner.Update(g.Subtree("a"), inner.Init(g.Subtree("a")), g.Subtree("a"), ExtraArgs<double>.None);
            return u["b/w"].ToArray().SequenceEqual(g["b/w"].ToArray())
                && expected.All(e => e.Value.ToArray().SequenceEqual(u[e.Key].ToArray()))
                && s.Part("adam").Tree("mu").Paths.SequenceEqual(["a/b", "a/w"]);
        });

    [Property]
    public Property Freezing_gives_zero_updates_in_scope_only() =>
        Prop.ForAll(Trees.Arb(), g =>
        {
            var opt = Optimiser.Momentum(0.1, 0.9).Freezing("b");
            var (p, s) = (g, opt.Init(g));
            var moved = g;
            for (var i = 0; i < 3; i++) (moved, s) = opt.Step(moved, g, s);
            return moved["b/w"].ToArray().SequenceEqual(p["b/w"].ToArray())
                && (g["a/w"].MaxAbs() == 0 || !moved["a/w"].ToArray().SequenceEqual(p["a/w"].ToArray()));
        });

    [Fact]
    public void Masking_an_unknown_scope_fails_at_init() =>
        Assert.Contains("'c'", Assert.Throws<ArgumentException>(() => Optimiser.Sgd(0.1).Masked("c").Init(Trees.Of(Key.Create(0), 2, 2))).Message);

    [Fact]
    public void Scope_matching_is_by_whole_segment()
    {
        // "a" must not catch "ab/w".
        var g = Params<double>.Empty.With("a/w", Tensor.Vector(1.0)).With("ab/w", Tensor.Vector(1.0));
        var (u, _) = Transforms.Freeze<double>("a").Update(g, OptState<double>.Empty, g, ExtraArgs<double>.None);
        Assert.Equal([0.0], u["a/w"].ToArray());
        Assert.Equal([1.0], u["ab/w"].ToArray());
    }
}
