using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

public class MultiTests
{
    private static string Group(string path) => path.EndsWith("/b", StringComparison.Ordinal) ? "bias" : "weight";

    [Property]
    public Property Each_group_is_transformed_by_its_own_part_alone() =>
        Prop.ForAll(Trees.Arb(), p =>
        {
            var (adam, sgd) = (Optimiser.Adam(0.01), Optimiser.Sgd(0.1));
            var opt = Transforms.Multi(Group, ("weight", adam), ("bias", sgd));
            var g = p.Map(t => t * 0.5);
            var (u, s) = opt.Update(g, opt.Init(p), p, ExtraArgs<double>.None);
            Params<double> Only(Params<double> t, string group) => Params<double>.From(t.Where(e => Group(e.Key) == group));
            var (weights, _) = adam.Update(Only(g, "weight"), adam.Init(Only(p, "weight")), Only(p, "weight"), ExtraArgs<double>.None);
            var (biases, _) = sgd.Update(Only(g, "bias"), sgd.Init(Only(p, "bias")), Only(p, "bias"), ExtraArgs<double>.None);
            return u.Paths.SequenceEqual(g.Paths)
                && weights.Concat(biases).All(e => e.Value.ToArray().SequenceEqual(u[e.Key].ToArray()))
                && s.Part("weight").Part("adam").Tree("mu").Paths.SequenceEqual(["a/w", "b/w"]);
        });

    [Fact]
    public void Its_state_sits_under_each_label()
    {
        var p = Trees.Of(Key.Create(1), 2, 3);
        var opt = Transforms.Multi(Group, ("weight", Optimiser.Momentum(0.1, 0.9)), ("bias", Optimiser.Sgd(0.1)));
        Assert.Equal(["weight/momentum/trace/a/w", "weight/momentum/trace/b/w"], opt.Init(p).ToParams().Paths);
    }

    [Fact]
    public void A_path_whose_label_has_no_transform_is_named()
    {
        var p = Trees.Of(Key.Create(1), 2, 3);
        var opt = Transforms.Multi(Group, ("weight", Optimiser.Sgd(0.1)));
        Assert.StartsWith("multi: 'a/b' is labelled 'bias', which has no transform (labels: weight)",
            Assert.Throws<ArgumentException>(() => opt.Init(p)).Message);
    }
}
