using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>The opaque state: stable names, chains of any length, and a restore that needs no state type.</summary>
public class OptStateTests
{
    private static readonly Params<double> P = Trees.Of(Key.Create(5), 3, 4);

    private static string Error(Fin<OptState<double>> restored) => restored.Match(_ => "(restored)", e => e.Message);

    [Fact]
    public void A_chain_stores_each_part_under_its_name()
    {
        var opt = Transforms.Chain(Transforms.ClipByGlobalNorm(1.0), Transforms.ScaleByAdam<double>(), Transforms.Scale(-0.01));
        Assert.Equal("chain(clip_by_global_norm, adam, scale)", opt.ToString());
        Assert.Equal(["adam/count", "adam/mu/a/b", "adam/mu/a/w", "adam/mu/b/w", "adam/nu/a/b", "adam/nu/a/w", "adam/nu/b/w"], opt.Init(P).ToParams().Paths);
    }

    [Fact]
    public void Nested_chains_are_spliced_and_repeated_names_numbered()
    {
        var inner = Transforms.Chain(Transforms.Trace(0.9), Transforms.Scale(2.0));
        var opt = Transforms.Chain(inner, Transforms.Trace(0.5), Transforms.Scale(-0.1));
        Assert.Equal("chain(momentum, scale, momentum_2, scale_2)", opt.ToString());
        Assert.Equal(["momentum", "momentum_2"], opt.Init(P).Parts.Where(p => !p.Value.IsEmpty).Select(p => p.Key));
        // Appending a part renames nothing before it.
        Assert.Equal(opt.Init(P).ToParams().Paths, opt.Freezing("a").Init(P).ToParams().Paths);
    }

    [Fact]
    public void Named_chains_use_the_names_given_and_reject_bad_ones()
    {
        var opt = Transforms.NamedChain(("clip", Transforms.ClipByValue(1.0)), ("fast", Transforms.Trace(0.9)), ("lr", Transforms.Scale(-0.1)));
        Assert.Equal(["fast/trace/a/b", "fast/trace/a/w", "fast/trace/b/w"], opt.Init(P).ToParams().Paths);
        Assert.Equal("chain: the name 'x' is used twice (Parameter 'parts')",
            Assert.Throws<ArgumentException>(() => Transforms.NamedChain(("x", Transforms.Scale(1.0)), ("x", Transforms.Scale(2.0)))).Message);
        Assert.StartsWith("a transform's name must be non-empty and hold no '/', got 'a/b'",
            Assert.Throws<ArgumentException>(() => Transforms.NamedChain(("a/b", Transforms.Scale(1.0)))).Message);
        Assert.Throws<ArgumentException>(() => Transforms.NamedChain<double>());
    }

    [Property]
    public Property Restore_gives_back_the_state_that_was_stored() =>
        Prop.ForAll(Trees.Arb(), p =>
        {
            var opt = Optimiser.AdamW(0.01, 0.1).Then(Optimiser.Momentum(0.1, 0.9));
            var s = opt.Init(p);
            for (var i = 0; i < 2; i++) (p, s) = opt.Step(p, p.Map(t => t * 0.5), s);
            var back = opt.Restore(p, s.ToParams()).Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
            return back.ToParams().Paths.SequenceEqual(s.ToParams().Paths)
                && back.ToParams().All(e => e.Value.ToArray().SequenceEqual(s.ToParams()[e.Key].ToArray()))
                && back.Part("adam").Count("count") == 2;
        });

    [Fact]
    public void Restore_names_the_missing_path_and_the_wrong_shape()
    {
        var opt = Optimiser.Adam(0.01);
        var tree = opt.Init(P).ToParams();
        Assert.Equal("optimiser state: 'adam/mu/a/w' is missing (expected shape [3, 4])",
            Error(opt.Restore(P, Params<double>.From(tree.Where(e => e.Key != "adam/mu/a/w")))));
        Assert.Equal("optimiser state: 'adam/nu/b/w' has shape [2, 4], the optimiser expects [4, 2]",
            Error(opt.Restore(P, tree.With("adam/nu/b/w", Tensor<double>.Zeros(new Shape(2, 4))))));
        Assert.Equal("optimiser state 'adam/count' must be a whole number ≥ 0, got 1.5",
            Error(opt.Restore(P, tree.With("adam/count", Tensor<double>.Scalar(1.5)))));
        Assert.Equal("optimiser state 'adam/count' must be a whole number ≥ 0, got -1",
            Error(opt.Restore(P, tree.With("adam/count", Tensor<double>.Scalar(-1)))));
    }

    [Fact]
    public void A_state_of_another_optimiser_or_of_the_old_numbered_layout_is_refused()
    {
        var adam = Optimiser.Adam(0.01);
        var momentum = Optimiser.Momentum(0.1, 0.9);
        Assert.Equal("optimiser state: 'momentum/trace/a/b' is not part of chain(adam, scale) (it stores adam/count, adam/mu/a/b, adam/mu/a/w, adam/mu/b/w, …); 2 more unknown",
            Error(adam.Restore(P, momentum.Init(P).ToParams())));
        var numbered = Params<double>.Empty.With("0/count", Tensor<double>.Scalar(3));
        Assert.StartsWith("optimiser state: '0/count' is not part of chain(adam, scale)", Error(adam.Restore(P, numbered)));
        Assert.Equal("optimiser state: '0/count' is not part of scale (it stores nothing)", Error(Optimiser.Sgd(0.1).Restore(P, numbered)));
    }

    [Fact]
    public void Reading_a_part_that_is_not_there_names_it()
    {
        var s = Optimiser.Sgd(0.1).Init(P);
        Assert.True(s.IsEmpty);
        Assert.Contains("no part 'adam'", Assert.Throws<KeyNotFoundException>(() => s.Part("adam")).Message);
        Assert.Contains("no counter 'count'", Assert.Throws<KeyNotFoundException>(() => s.Count("count")).Message);
        Assert.Contains("no tree 'mu'", Assert.Throws<KeyNotFoundException>(() => s.Tree("mu")).Message);
        Assert.Contains("no scalar 'best'", Assert.Throws<KeyNotFoundException>(() => s.Scalar("best")).Message);
    }
}
