using Backprop.Functional.Testing;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>Parameter-shaped trees for optimiser properties: two scopes, "a" (w and b) and "b" (w).</summary>
internal static class Trees
{
    public static Params<double> Of(Key key, int rows, int cols, double scale = 1)
    {
        var k = key.Split(3);
        return Params<double>.Empty
            .With("a/w", k[0].Normal<double>(new Shape(rows, cols), scale))
            .With("a/b", k[1].Normal<double>(new Shape(cols), scale))
            .With("b/w", k[2].Normal<double>(new Shape(cols, 2), scale));
    }

    /// <summary>A tree of normal values times a scale drawn from 10⁻³..10³, so clipping is sometimes active, sometimes not.</summary>
    public static Gen<Params<double>> Gen() =>
        from rows in Generators.Dim()
        from cols in Generators.Dim()
        from key in Generators.Key()
        from exponent in FsCheck.Fluent.Gen.Choose(-3, 3)
        select Of(key, rows, cols, Math.Pow(10, exponent));

    public static Arbitrary<Params<double>> Arb() => FsCheck.Fluent.Arb.From(Gen());

    /// <summary>The same paths holding the same bits.</summary>
    internal static bool Same(Params<double> a, Params<double> b) =>
        a.Paths.SequenceEqual(b.Paths)
        && Enumerable.Zip(a.Select(e => e.Value.ToArray()), b.Select(e => e.Value.ToArray()), (x, y) => x.SequenceEqual(y)).All(same => same);
}
