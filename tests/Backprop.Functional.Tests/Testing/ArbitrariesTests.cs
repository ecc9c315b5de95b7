using System.Text.RegularExpressions;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The public arbitraries: their ranges (both ends reached), their shrinks, and values drawn from keys.</summary>
public class ArbitrariesTests
{
    private static string Text(IEnumerable<int[]> dims) => string.Join(" ", dims.Select(d => $"[{string.Join(",", d)}]"));

    [Fact]
    public void Dims_lie_between_min_and_max_and_reach_both()
    {
        var all = Samples.Of(Arbitraries.Dims(3, max: 4, min: 2).Generator);
        Assert.All(all, d => Assert.Equal(3, d.Length));
        Assert.Equal([2, 3, 4], all.SelectMany(d => d).Distinct().Order());
    }

    [Fact]
    public void Dims_shrink_one_axis_at_a_time_towards_min()
    {
        Assert.Equal("[2,3,2] [3,3,2] [4,2,2]", Text(Arbitraries.Dims(3, max: 4, min: 2).Shrinker([4, 3, 2])));
        Assert.Empty(Arbitraries.Dims(2).Shrinker([1, 1]));
    }

    [Fact]
    public void Shapes_have_the_rank_and_range_asked_for()
    {
        var all = Samples.Of(Arbitraries.Shape(2, maxDim: 3, minDim: 2).Generator);
        Assert.All(all, s => Assert.Equal(2, s.Rank));
        Assert.Equal([2, 3], all.SelectMany(s => s.Dims).Distinct().Order());
    }

    [Fact]
    public void Shapes_up_to_a_maximum_reach_it_per_axis_and_shrink_towards_ones()
    {
        var max = new Shape(3, 1, 4);
        var all = Samples.Of(Arbitraries.ShapeUpTo(max).Generator);
        for (var axis = 0; axis < 3; axis++)
            Assert.Equal(Enumerable.Range(1, max[axis]), all.Select(s => s[axis]).Distinct().Order());
        Assert.Equal("[1,1,4] [2,1,4] [3,1,1] [3,1,2] [3,1,3]", Text(Arbitraries.ShapeUpTo(max).Shrinker(max).Select(s => s.Dims.ToArray())));
    }

    [Fact]
    public void Batches_vary_only_the_first_axis_and_shrink_it_towards_one()
    {
        var all = Samples.Of(Arbitraries.Batch(new Shape(4, 3, 2)).Generator);
        Assert.Equal([1, 2, 3, 4], all.Select(s => s[0]).Distinct().Order());
        Assert.All(all, s => Assert.Equal([3, 2], s.Dims.Skip(1)));
        Assert.Equal("[1,3,2] [2,3,2] [3,3,2]", Text(Arbitraries.Batch(new Shape(4, 3, 2)).Shrinker(new Shape(4, 3, 2)).Select(s => s.Dims.ToArray())));
        Assert.Equal([1], Samples.Of(Arbitraries.Batch(new Shape(0, 2)).Generator, 20).Select(s => s[0]).Distinct());
    }

    [Fact]
    public void Keys_are_drawn_not_fixed()
    {
        Assert.True(Samples.Of(Arbitraries.Key().Generator, 50).Select(k => k.Value).Distinct().Count() > 45);
    }

    [Fact]
    public void Well_conditioned_values_are_the_keys_normals_clipped_to_three()
    {
        var key = Key.Create(5);
        var (normal, clipped) = (key.Normal<double>(new Shape(100, 100)).ToArray(), Arbitraries.WellConditioned(key, new Shape(100, 100)).ToArray());
        Assert.Equal((3.0, -3.0), (clipped.Max(), clipped.Min()));
        Assert.True(normal.Count(v => Math.Abs(v) > 3) > 5);
        Assert.All(normal.Zip(clipped, (n, c) => (n, c)), p => Assert.Equal(Math.Clamp(p.n, -3, 3), p.c));
    }

    [Fact]
    public void Tensors_of_a_fixed_shape_are_well_conditioned_and_differ()
    {
        var all = Samples.Of(Arbitraries.Tensor(new Shape(2, 3)).Generator, 20);
        Assert.All(all, t => Assert.Equal(new Shape(2, 3), t.Shape));
        Assert.All(all, t => Assert.InRange(Math.Abs(t.MaxAbs()), 0, 3));
        Assert.Equal(20, all.Select(t => t.Span[0]).Distinct().Count());
    }

    [Fact]
    public void Tensors_of_a_rank_shrink_to_their_leading_blocks()
    {
        var all = Samples.Of(Arbitraries.Tensor(2, maxDim: 3).Generator, 100);
        Assert.All(all, t => Assert.Equal(2, t.Rank));
        Assert.Equal([1, 2, 3], all.SelectMany(t => t.Shape.Dims).Distinct().Order());
        var x = Arbitraries.WellConditioned(Key.Create(1), new Shape(3, 2));
        var shrunk = Arbitraries.Tensor(2, maxDim: 3).Shrinker(x).ToArray();
        Assert.Equal("[1,2] [2,2] [3,1]", Text(shrunk.Select(t => t.Shape.Dims.ToArray())));
        foreach (var t in shrunk)
            for (var i = 0; i < t.Shape[0]; i++)
                for (var j = 0; j < t.Shape[1]; j++)
                    Assert.Equal(x[i, j], t[i, j]);
    }

    [Fact]
    public void Parameter_trees_have_one_to_max_entries_under_layer_paths_and_shrink_by_dropping_one()
    {
        var all = Samples.Of(Arbitraries.Params(maxEntries: 3, maxDim: 2).Generator, 200);
        Assert.Equal([1, 2, 3], all.Select(p => p.Count).Distinct().Order());
        Assert.All(all.SelectMany(p => p.Paths), path => Assert.Matches(new Regex("^layer_[1-3]/(w|b|gamma)$"), path));
        Assert.All(all.SelectMany(p => p.Paths.Select(path => p[path].Shape)), s => Assert.True(s.Rank == 2 && s.Dims.All(d => d is >= 1 and <= 2), s.ToString()));
        var three = all.First(p => p.Count == 3);
        var shrunk = Arbitraries.Params().Shrinker(three).ToArray();
        Assert.Equal(3, shrunk.Length);
        Assert.All(shrunk, p => Assert.Equal(2, p.Count));
        Assert.Equal(three.Paths.Order(), shrunk.SelectMany(p => three.Paths.Except(p.Paths)).Order());
        Assert.Empty(Arbitraries.Params().Shrinker(all.First(p => p.Count == 1)));
    }

    [Fact]
    public void Layer_specs_have_one_to_max_layers_of_one_to_max_width()
    {
        var all = Samples.Of(Arbitraries.Layers(maxDepth: 3, maxWidth: 2).Generator, 200);
        Assert.Equal([1, 2, 3], all.Select(s => s.Widths.Length).Distinct().Order());
        Assert.Equal([1, 2], all.SelectMany(s => s.Widths).Distinct().Order());
        Assert.Equal(LayerSpec.Activations.Order(), all.SelectMany(s => s.ActivationNames).Distinct().Order());
        Assert.All(all, s => Assert.Equal(s.Widths.Length, s.ActivationNames.Length));
        var spec = new LayerSpec([2, 2], ["relu", "tanh"]);
        Assert.Equal(spec.Shrink().Select(s => s.ToString()), Arbitraries.Layers().Shrinker(spec).Select(s => s.ToString()));
    }
}
