using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>
/// The contract of transformations beyond their formulas: arguments checked when built, a step that applies the
/// updates, the names of state paths, restore limits and messages, and which compositions count as the library's own.
/// </summary>
public class TransformContractTests
{
    private static readonly Params<double> P = Params<double>.Empty.With("w", Tensor.Vector(1.0, -2.0));
    private static readonly Params<double> G = Params<double>.Empty.With("w", Tensor.Vector(0.5, 4.0));

    [Fact]
    public void Missing_functions_and_scopes_are_refused_when_the_transform_is_built()
    {
        Assert.Throws<ArgumentNullException>(() => Transforms.Stateless<double>(null!));
        Assert.Throws<ArgumentNullException>(() => Transforms.ScaleBySchedule<double>(null!));
        Assert.Throws<ArgumentNullException>(() => Optimiser.Sgd<double>((Func<int, double>)null!));
        Assert.Throws<ArgumentNullException>(() => Transforms.Chain<double>(null!));
        Assert.Throws<ArgumentNullException>(() => Transforms.NamedChain<double>(null!));
        Assert.Throws<ArgumentNullException>(() => Transforms.Multi<double>(null!, ("all", Optimiser.Sgd(0.1))));
        Assert.Throws<ArgumentException>(() => Transforms.Multi<double>(_ => "a/b", ("a/b", Optimiser.Sgd(0.1))));
        Assert.Throws<ArgumentException>(() => Transforms.Freeze<double>(""));
        Assert.Throws<ArgumentException>(() => Optimiser.Sgd(0.1).Masked(""));
        Assert.Contains("sgd", Assert.Throws<ArgumentOutOfRangeException>(() => Optimiser.Sgd(-1.0)).Message);
    }

    [Fact]
    public void A_step_adds_the_updates_of_a_chain_that_does_not_end_in_a_scale()
    {
        var halve = Transforms.Stateless<double>((u, _) => -0.5 * u, "halve");
        var (stepped, _) = halve.Step(P, G, halve.Init(P));
        Assert.Equal([0.75, -4.0], stepped["w"].ToArray());
        var chain = Transforms.Chain(Transforms.Scale(-0.5), Transforms.Identity<double>());
        Assert.Equal([0.75, -4.0], chain.Step(P, G, chain.Init(P)).Params["w"].ToArray());
    }

    [Fact]
    public void A_step_passes_its_extra_arguments_to_the_transform()
    {
        var plateau = Transforms.ScaleOnPlateau(0.5, patience: 1);
        var (_, state) = plateau.Step(P, G, plateau.Init(P), new ExtraArgs<double>(Loss: 2.0));
        Assert.Equal(2.0, state.Scalar("best"));
    }

    [Fact]
    public void A_loss_equal_to_the_best_or_within_min_delta_of_it_is_no_improvement()
    {
        double[] Scales(Transform<double> opt, params double[] losses)
        {
            var s = opt.Init(P);
            return [.. losses.Select(loss => { (var u, s) = opt.Update(P, s, P, new ExtraArgs<double>(Loss: loss)); return u["w"][0]; })];
        }
        Assert.Equal([1.0, 0.5], Scales(Transforms.ScaleOnPlateau(0.5, patience: 1), 2.0, 2.0));
        Assert.Equal([1.0, 0.5], Scales(Transforms.ScaleOnPlateau(0.5, patience: 1, minDelta: 0.1), 1.0, 0.95));
        Assert.Equal([1.0, 1.0], Scales(Transforms.ScaleOnPlateau(0.5, patience: 1, minDelta: 0.1), 1.0, 0.85));
        Assert.Equal(["plateau/best", "plateau/count", "plateau/scale"],
            Transforms.Chain(Transforms.ScaleOnPlateau(0.5, 1), Transforms.Scale(-1.0)).Init(P).ToParams().Paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Noise_is_added_to_the_updates_drawn_from_the_key_folded_with_the_count()
    {
        var opt = Transforms.AddNoise(0.04, 0.5);
        var key = Key.Create(7);
        var (u, _) = opt.Update(G, opt.Init(G), P, new ExtraArgs<double>(Key: key));
        var noise = key.FoldIn(0).Split(1)[0].Normal(new Shape(2), Math.Sqrt(0.04));
        Assert.Equal([0.5 + noise[0], 4.0 + noise[1]], u["w"].ToArray());
    }

    [Fact]
    public void A_repeated_name_in_a_chain_gets_a_numbered_suffix()
    {
        var chain = Transforms.Chain(Transforms.Trace(0.9), Transforms.Trace(0.5));
        Assert.Equal(["momentum/trace/w", "momentum_2/trace/w"], chain.Init(P).ToParams().Paths.Order(StringComparer.Ordinal));
        var three = Transforms.Chain(Transforms.Trace(0.9), Transforms.Trace(0.5), Transforms.Trace(0.1));
        Assert.Equal(["momentum/trace/w", "momentum_2/trace/w", "momentum_3/trace/w"], three.Init(P).ToParams().Paths.Order(StringComparer.Ordinal));
        Assert.Equal("identity", Transforms.Identity<double>().Name);
    }

    [Fact]
    public void A_state_is_empty_only_when_it_stores_nothing_and_prints_its_paths_otherwise()
    {
        Assert.True(OptState<double>.Empty.IsEmpty);
        Assert.False(OptState<double>.Empty.WithCount("count", 0).IsEmpty);
        Assert.False(OptState<double>.Empty.WithScalar("best", 1.0).IsEmpty);
        Assert.False(OptState<double>.Empty.WithTree("mu", P).IsEmpty);
        Assert.Equal("OptState (empty)", Optimiser.Sgd(0.1).Init(P).ToString());
        var both = OptState<double>.Empty.WithCount("count", 3).WithScalar("best", 1.5).WithTree("mu", P);
        Assert.Equal(["best", "count", "mu/w"], both.ToParams().Paths.Order(StringComparer.Ordinal));
        Assert.Equal(3.0, both.ToParams()["count"].ToScalar());
        Assert.Equal(1.5, both.ToParams()["best"].ToScalar());
        Assert.Contains("mu/w: [2]", both.ToString());
        Assert.Equal([1.0, -2.0], TensorsOf(both).Single().ToArray());
        Assert.Single(TensorsOf(OptState<double>.Empty.WithPart("adam", both)));
        Assert.Equal(2, TensorsOf(OptState<double>.Empty.WithPart("adam", both).WithTree("nu", P)).Count);
    }

    private static List<Tensor<double>> TensorsOf(OptState<double> state)
    {
        var all = new List<Tensor<double>>();
        state.AddTensorsTo(all);
        return all;
    }

    [Fact]
    public void A_restored_counter_may_be_as_large_as_an_int_and_no_larger()
    {
        var opt = Optimiser.Sgd<double>(_ => 0.1);
        var tree = Params<double>.Empty.With("count", Tensor<double>.Scalar(int.MaxValue));
        Assert.Equal(int.MaxValue, opt.Restore(P, tree).Match(s => s.Count("count"), e => throw new Exception(e.Message)));
        var over = Params<double>.Empty.With("count", Tensor<double>.Scalar(int.MaxValue + 1.0));
        Assert.Contains("must be a whole number", opt.Restore(P, over).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void Restore_names_a_missing_scalar_and_lists_at_most_four_stored_paths()
    {
        var plateau = Transforms.ScaleOnPlateau(0.5, 2);
        var partial = Params<double>.Empty.With("count", Tensor<double>.Scalar(0)).With("scale", Tensor<double>.Scalar(1));
        Assert.Contains("'best' is missing", plateau.Restore(P, partial).Match(_ => "", e => e.Message));
        string Unknown(Transform<double> opt, Params<double> p) => opt.Restore(p, opt.Init(p).ToParams().With("extra", Tensor<double>.Scalar(1))).Match(_ => "", e => e.Message);
        Assert.Contains("(it stores nothing)", Unknown(Optimiser.Sgd(0.1), P));
        var two = P.With("v", Tensor.Vector(3.0));
        Assert.EndsWith("adam/nu/w)", Unknown(Transforms.ScaleByAdam<double>().Then(Transforms.Scale(-0.1)), P));  // count, mu/w, nu/w
        var five = Unknown(Transforms.ScaleByAdam<double>().Then(Transforms.Scale(-0.1)), two);                   // count, mu/v, mu/w, nu/v, nu/w
        Assert.Contains("adam/mu/w, adam/nu/v, …)", five);
        var four = Unknown(Transforms.NamedChain(("a", Transforms.Trace(0.9)), ("b", Transforms.Trace(0.5))), two);  // a/v, a/w, b/v, b/w
        Assert.EndsWith("b/trace/w)", four);
        Assert.DoesNotContain("…", four);
    }

    [Fact]
    public void A_composition_is_the_librarys_own_only_when_every_part_is()
    {
        var user = Transforms.Stateless<double>((u, _) => u, "mine");
        var sgd = Optimiser.Sgd(0.1);
        Assert.True(sgd.IsLibrary);
        Assert.False(user.IsLibrary);
        Assert.True(Transforms.Chain(Transforms.ClipByGlobalNorm(1.0), sgd).IsLibrary);
        Assert.False(Transforms.Chain(sgd, user).IsLibrary);
        Assert.False(Transforms.Chain(user, sgd).IsLibrary);
        Assert.True(sgd.Masked("w").IsLibrary);
        Assert.False(user.Masked("w").IsLibrary);
        Assert.True(Transforms.Multi(_ => "all", ("all", sgd), ("none", sgd)).IsLibrary);
        Assert.False(Transforms.Multi(_ => "all", ("all", sgd), ("none", user)).IsLibrary);
    }
}
