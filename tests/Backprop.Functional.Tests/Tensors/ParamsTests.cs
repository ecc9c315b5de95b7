using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>Tangent arithmetic on parameter trees obeys the vector-space laws.</summary>
public class ParamsTests
{
    private static Params<double> Tree(int seed) => Params<double>.From([
        new("dense_1/w", Key.Create(seed).Normal<double>(new Shape(3, 2))),
        new("dense_1/b", Key.Create(seed + 1).Normal<double>(new Shape(2))),
    ]);

    [Property]
    public bool Addition_commutes(int a, int b) => Same(Tree(a) + Tree(b), Tree(b) + Tree(a));

    [Property]
    public bool Scaling_distributes_over_addition(int a, int b, NormalFloat s) =>
        Close(s.Get * (Tree(a) + Tree(b)), s.Get * Tree(a) + s.Get * Tree(b));

    [Property]
    public bool Dot_is_symmetric_and_norm_is_its_root(int a, int b) =>
        Tree(a).Dot(Tree(b)) == Tree(b).Dot(Tree(a)) && Math.Abs(Tree(a).Norm() * Tree(a).Norm() - Tree(a).Dot(Tree(a))) < 1e-9;

    [Fact]
    public void Subtree_keeps_only_the_scope()
    {
        var p = Tree(0).With("dense_10/w", Tensor.Vector(1.0));
        Assert.Equal(["dense_1/b", "dense_1/w"], p.Subtree("dense_1").Paths);
    }

    [Fact]
    public void A_missing_path_is_an_error_listing_what_exists()
    {
        var message = Tree(0).Find("dense_2/w").Match(_ => "", e => e.Message);
        Assert.Contains("dense_2/w", message);
        Assert.Contains("dense_1/b", message);
    }

    [Fact]
    public void A_tree_is_sorted_by_path_and_refuses_a_path_twice()
    {
        var p = Params<double>.From([new("b", Tensor.Vector(1.0)), new("a", Tensor.Vector(2.0, 3.0))]);
        Assert.Equal(["a", "b"], p.Paths);
        Assert.True(p.Contains("a") && p.Contains("b") && !p.Contains("c"));
        Assert.Equal(3, p.ParameterCount);
        Assert.Equal(2, p.Count);
        Assert.Throws<ArgumentException>(() => Params<double>.From([new("a", Tensor.Vector(1.0)), new("b", Tensor.Vector(1.0)), new("a", Tensor.Vector(2.0))]));
    }

    [Fact]
    public void Enumerating_a_tree_gives_its_entries_in_path_order_every_way_and_again_after_a_reset()
    {
        var p = Tree(0).With("a", Tensor.Vector(7.0));
        var expected = p.Paths.Zip(p.Values, (path, t) => (path, t)).ToArray();
        var walked = new List<(string, Tensor<double>)>();
        foreach (var (path, t) in p) walked.Add((path, t));
        Assert.Equal(expected, walked);
        Assert.Equal(expected, ((IEnumerable<KeyValuePair<string, Tensor<double>>>)p).Select(e => (e.Key, e.Value)));
        Assert.Equal(expected.Length, ((System.Collections.IEnumerable)p).Cast<object>().Count());
        var e = p.GetEnumerator();
        while (e.MoveNext()) { }
        Assert.False(e.MoveNext());
        e.Reset();
        Assert.True(e.MoveNext());
        Assert.Equal("a", e.Current.Key);
        Assert.Empty(Params<double>.Empty);
    }

    [Fact]
    public void With_replaces_a_path_or_adds_it_in_order()
    {
        var p = Params<double>.Empty.With("b", Tensor.Vector(1.0)).With("a", Tensor.Vector(2.0)).With("b", Tensor.Vector(5.0));
        Assert.Equal(["a", "b"], p.Paths);
        Assert.Equal([2.0, 5.0], p.Values.Select(t => t[0]));
    }

    [Fact]
    public void A_missing_path_in_an_empty_tree_says_it_has_none()
    {
        Assert.Equal("no parameter 'w'; the tree has none", Params<double>.Empty.Find("w").Match(_ => "", e => e.Message));
        Assert.Equal("no parameter 'w'; the tree has a, b",
            Params<double>.Empty.With("b", Tensor.Vector(1.0)).With("a", Tensor.Vector(1.0)).Find("w").Match(_ => "", e => e.Message));
        Assert.Throws<KeyNotFoundException>(() => Params<double>.Empty["w"]);
    }

    [Fact]
    public void A_scope_holds_its_own_path_and_those_under_it()
    {
        Assert.True(Params<double>.InScope("dense_1/w", ""));
        Assert.True(Params<double>.InScope("dense_1", "dense_1"));
        Assert.True(Params<double>.InScope("dense_1/w", "dense_1"));
        Assert.False(Params<double>.InScope("dense_10/w", "dense_1"));
        Assert.Equal(Tree(0).Paths, Tree(0).Subtree("").Paths);
    }

    [Fact]
    public void Trees_built_apart_combine_by_path()
    {
        var a = Params<double>.Empty.With("a", Tensor.Vector(1.0)).With("b", Tensor.Vector(2.0));
        var other = Params<double>.Empty.With("b", Tensor.Vector(20.0)).With("aa", Tensor.Vector(100.0)).With("a", Tensor.Vector(10.0));
        Assert.Equal([11.0, 22.0], (a + other).Values.Select(t => t[0]));
        Assert.Equal([-9.0, -18.0], (a - other).Values.Select(t => t[0]));
        Assert.Equal([2.0, 4.0], (2.0 * a).Values.Select(t => t[0]));
        Assert.Throws<ShapeException>(() => a + Params<double>.Empty.With("a", Tensor.Vector(1.0)));
        Assert.Throws<ShapeException>(() => a + Params<double>.Empty.With("a", Tensor.Vector(1.0)).With("b", Tensor.Vector(1.0, 2.0)));
    }

    [Fact]
    public void Copies_and_zeros_keep_paths_and_shapes()
    {
        var p = Tree(3);
        var copy = p.Copy();
        Assert.All(p, e => Assert.Equal(e.Value.ToArray(), copy[e.Key].ToArray()));
        Assert.All(p, e => Assert.NotSame(e.Value, copy[e.Key]));
        Assert.All(p.ZerosLike(), e => Assert.Equal(new double[p[e.Key].Size], e.Value.ToArray()));
        Assert.Equal(Math.Sqrt(p.Dot(p)), p.Norm());
    }

    private static bool Same(Params<double> x, Params<double> y) => x.All(e => e.Value.ToArray().SequenceEqual(y[e.Key].ToArray()));

    private static bool Close(Params<double> x, Params<double> y) =>
        x.All(e => e.Value.ToArray().Zip(y[e.Key].ToArray()).All(p => Math.Abs(p.Item1 - p.Item2) <= 1e-9 * (1 + Math.Abs(p.Item1))));
}
