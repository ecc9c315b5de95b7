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

    private static bool Same(Params<double> x, Params<double> y) => x.All(e => e.Value.ToArray().SequenceEqual(y[e.Key].ToArray()));

    private static bool Close(Params<double> x, Params<double> y) =>
        x.All(e => e.Value.ToArray().Zip(y[e.Key].ToArray()).All(p => Math.Abs(p.Item1 - p.Item2) <= 1e-9 * (1 + Math.Abs(p.Item1))));
}
