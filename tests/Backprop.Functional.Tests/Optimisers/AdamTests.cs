using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

public class AdamTests
{
    [Property]
    public Property First_update_moves_every_coordinate_by_about_the_learning_rate() =>
        // The first step is −η·g/(|g| + ε): |u| = η·|g|/(|g| + ε), within η·ε/|g| of η. Gradients here have |g| ≥ 1e-3·0.05.
        Prop.ForAll(Trees.Arb(), Arb.From(Gen.Choose(1, 100)), (g0, r) =>
        {
            var lr = r / 1000.0;
            var g = g0.Map(t => t.Map(v => v + Math.CopySign(0.05 * Math.Abs(v) + 1e-4, v)));
            var opt = Optimiser.Adam(lr);
            var (u, _) = opt.Update(g, opt.Init(g), g, ExtraArgs<double>.None);
            return u.All(e => e.Value.ToArray().All(v => Math.Abs(Math.Abs(v) - lr) <= lr * 1e-3));
        });

    [Property]
    public Property First_update_points_against_the_gradient() =>
        Prop.ForAll(Trees.Arb(), g =>
        {
            var opt = Optimiser.Adam(0.01);
            var (u, _) = opt.Update(g, opt.Init(g), g, ExtraArgs<double>.None);
            return u.All(e => e.Value.ToArray().Zip(g[e.Key].ToArray()).All(p => p.Item2 == 0 || Math.Sign(p.Item1) == -Math.Sign(p.Item2)));
        });

    [Fact]
    public void State_round_trips_through_a_params_tree_and_resumes_identically()
    {
        var key = Key.Create(3);
        var p = Trees.Of(key, 3, 4);
        var opt = Transforms.ClipByGlobalNorm(1.0).Then(Optimiser.AdamW(0.01, 0.1));
        var s = opt.Init(p);
        for (var i = 0; i < 3; i++) (p, s) = opt.Step(p, p.Map(t => t * 2.0), s);
        var tree = s.ToParams();
        Assert.Equal(["adam/count", "adam/mu/a/b", "adam/mu/a/w", "adam/mu/b/w", "adam/nu/a/b", "adam/nu/a/w", "adam/nu/b/w"], tree.Paths);
        Assert.Equal(3.0, tree["adam/count"].ToScalar());
        var restored = opt.Restore(p, tree).Match(x => x, e => throw new Xunit.Sdk.XunitException(e.Message));
        var (a, _) = opt.Step(p, p, s);
        var (b, _) = opt.Step(p, p, restored);
        Assert.All(a, e => Assert.Equal(e.Value.ToArray(), b[e.Key].ToArray()));
    }

    [Fact]
    public void Missing_count_is_an_error_naming_the_path()
    {
        var p = Trees.Of(Key.Create(3), 3, 4);
        var opt = Optimiser.Adam(0.01);
        var tree = Params<double>.From(opt.Init(p).ToParams().Where(e => e.Key != "adam/count"));
        Assert.Equal("optimiser state: 'adam/count' is missing (expected shape [])", opt.Restore(p, tree).Match(_ => "", e => e.Message));
    }

    [Theory]
    [InlineData(-0.001, "adam: learningRate must be positive and finite, got -0.001")]
    [InlineData(double.NaN, "adam: learningRate must be positive and finite, got NaN")]
    [InlineData(0.0, "adam: learningRate must be positive and finite, got 0")]
    public void Bad_learning_rates_are_rejected_when_built(double lr, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentOutOfRangeException>(() => Optimiser.Adam(lr)).Message);

    [Fact]
    public void Bad_betas_are_rejected_when_built() =>
        Assert.StartsWith("adam: b1 must be in [0, 1), got 1", Assert.Throws<ArgumentOutOfRangeException>(() => Optimiser.Adam(0.1, b1: 1.0)).Message);
}
