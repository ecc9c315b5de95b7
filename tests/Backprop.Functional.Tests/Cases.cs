using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests;

/// <summary>Generated cases shared by the rule and layer tests (small, so finite differences stay cheap).</summary>
internal static class Cases
{
    /// <summary>A convolution: x [b, cin, h, w], kernel [cout, cin, k, k] that fits the padded input, stride, padding.</summary>
    public sealed record Conv(Tensor<double> X, Tensor<double> W, int Stride, int Padding, Key Key)
    {
        public override string ToString() => $"x {X.Shape}, w {W.Shape}, stride {Stride}, padding {Padding}";
    }

    public static Arbitrary<Conv> Convs() => Arb.From(
        from b in Gen.Choose(1, 2)
        from cin in Gen.Choose(1, 3)
        from cout in Gen.Choose(1, 3)
        from k in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 2)
        from padding in Gen.Choose(0, 1)
        from h in Gen.Choose(Math.Max(1, k - 2 * padding), 5)
        from w in Gen.Choose(Math.Max(1, k - 2 * padding), 5)
        from x in Generators.Normal(new Shape(b, cin, h, w))
        from kernel in Generators.Normal(new Shape(cout, cin, k, k))
        from key in Generators.Key()
        select new Conv(x, kernel, stride, padding, key));

    /// <summary>A pooling case: x [b, c, h, w] with all values distinct and ≥ 0.1 apart (no ties for max pooling).</summary>
    public sealed record Pool(Tensor<double> X, int Size, int Stride, Key Key)
    {
        public override string ToString() => $"x {X.Shape}, size {Size}, stride {Stride}";
    }

    public static Arbitrary<Pool> Pools() => Arb.From(
        from b in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 2)
        from size in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 3)
        from h in Gen.Choose(size, 6)
        from w in Gen.Choose(size, 6)
        from key in Generators.Key()
        select new Pool(Distinct(new Shape(b, c, h, w), key.Split().Left), size, stride, key.Split().Right));

    /// <summary>The values 0, 0.1, 0.2, ... in a random order, shifted to be centred: no two closer than 0.1.</summary>
    public static Tensor<double> Distinct(Shape shape, Key key) =>
        Tensor<double>.FromSpan(shape, key.Permutation(shape.Size).Select(i => 0.1 * (i - shape.Size / 2.0)).ToArray());

    /// <summary>A tensor of the given rank (dims 1..4) with normal values, and a key.</summary>
    public static Arbitrary<(Tensor<double> X, Key Key)> Normals(int rank, int minDim = 1, int maxDim = 4) => Arb.From(
        from dims in Gen.ArrayOf(Gen.Choose(minDim, maxDim), rank)
        from x in Generators.Normal(new Shape(dims))
        from key in Generators.Key()
        select (x, key));
}
