using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Testing;

/// <summary>
/// FsCheck arbitraries for gradient properties, public for your own tests. Shapes come from shrinkable
/// integers, so a failure shrinks to the smallest failing shape; values come from a key, so a case
/// replays exactly from its seed.
/// </summary>
public static class Arbitraries
{
    /// <summary><paramref name="count"/> dimensions in <paramref name="min"/>..<paramref name="max"/>, each shrinking towards <paramref name="min"/>.</summary>
    public static Arbitrary<int[]> Dims(int count, int max = 5, int min = 1) =>
        Arb.From(Gen.ArrayOf(Gen.Choose(min, max), count), dims => ShrinkDims(dims, Enumerable.Repeat(min, dims.Length).ToArray()));

    /// <summary>A shape of rank <paramref name="rank"/> with dimensions in <paramref name="minDim"/>..<paramref name="maxDim"/>.</summary>
    public static Arbitrary<Shape> Shape(int rank, int maxDim = 5, int minDim = 1) =>
        Dims(rank, maxDim, minDim).Convert(d => new Shape(d), s => s.Dims.ToArray());

    /// <summary>Shapes of <paramref name="max"/>'s rank with each axis in 1..max[axis], shrinking towards ones.</summary>
    public static Arbitrary<Shape> ShapeUpTo(Shape max) =>
        Arb.From(Gen.CollectToArray(max.Dims.Select(d => Gen.Choose(1, Math.Max(1, d)))),
                dims => ShrinkDims(dims, Enumerable.Repeat(1, dims.Length).ToArray()))
            .Convert(d => new Shape(d), s => s.Dims.ToArray());

    /// <summary>Shapes like <paramref name="shape"/> whose first (batch) axis is in 1..shape[0], shrinking to 1; other axes fixed.</summary>
    public static Arbitrary<Shape> Batch(Shape shape) =>
        Arb.From(Gen.Choose(1, Math.Max(1, shape[0])), b => ShrinkDims([b], [1]).Select(d => d[0]))
            .Convert(b => new Shape([b, .. shape.Dims.Skip(1)]), s => s[0]);

    /// <summary>A key from a generated seed (not shrunk: a key has no size).</summary>
    public static Arbitrary<Key> Key() => Arb.From(Gen.Choose(0, int.MaxValue).Select(Tensors.Key.Create));

    /// <summary>Well-conditioned values: standard normal, clipped to [−3, 3] so no element saturates a sigmoid or softmax.</summary>
    public static Tensor<double> WellConditioned(Key key, Shape shape) => key.Normal<double>(shape).Map(v => Math.Clamp(v, -3.0, 3.0));

    /// <summary>Well-conditioned tensors of a fixed shape.</summary>
    public static Arbitrary<Tensor<double>> Tensor(Shape shape) =>
        Arb.From(Key().Generator.Select(k => WellConditioned(k, shape)));

    /// <summary>
    /// Well-conditioned tensors of rank <paramref name="rank"/> and dimensions up to <paramref name="maxDim"/>;
    /// a tensor shrinks to its leading blocks (the same values, fewer of them).
    /// </summary>
    public static Arbitrary<Tensor<double>> Tensor(int rank, int maxDim = 5) =>
        Arb.From(
            from shape in Shape(rank, maxDim).Generator
            from key in Key().Generator
            select WellConditioned(key, shape),
            t => ShrinkDims(t.Shape.Dims.ToArray(), Enumerable.Repeat(1, t.Rank).ToArray()).Select(d => Leading(t, new Shape(d))));

    /// <summary>Parameter trees of 1..<paramref name="maxEntries"/> tensors under paths like "layer_2/w"; shrinks by dropping entries.</summary>
    public static Arbitrary<Params<double>> Params(int maxEntries = 3, int maxDim = 4) =>
        Arb.From(
            from count in Gen.Choose(1, maxEntries)
            from entries in Gen.ArrayOf(
                from scope in Gen.Choose(1, 3)
                from name in Gen.Elements("w", "b", "gamma")
                from shape in Shape(Math.Min(2, maxDim), maxDim).Generator
                from key in Key().Generator
                select KeyValuePair.Create($"layer_{scope}/{name}", WellConditioned(key, shape)), count)
            select Params<double>.From(entries.DistinctBy(e => e.Key)),
            p => p.Count <= 1 ? [] : p.Paths.Select(drop => Params<double>.From(p.Where(e => e.Key != drop))));

    /// <summary>Small multilayer perceptrons (dense layers with activations between), shrinking to fewer and narrower layers.</summary>
    public static Arbitrary<LayerSpec> Layers(int maxDepth = 3, int maxWidth = 5) =>
        Arb.From(
            from depth in Gen.Choose(1, maxDepth)
            from widths in Gen.ArrayOf(Gen.Choose(1, maxWidth), depth)
            from activations in Gen.ArrayOf(Gen.Elements(LayerSpec.Activations), depth)
            select new LayerSpec(widths, activations),
            spec => spec.Shrink());

    private static IEnumerable<int[]> ShrinkDims(int[] dims, int[] min)
    {
        for (var axis = 0; axis < dims.Length; axis++)
            foreach (var smaller in new[] { min[axis], (dims[axis] + min[axis]) / 2, dims[axis] - 1 }.Distinct().Where(d => d >= min[axis] && d < dims[axis]))
            {
                var shrunk = (int[])dims.Clone();
                shrunk[axis] = smaller;
                yield return shrunk;
            }
    }

    /// <summary>The leading block of <paramref name="t"/> of shape <paramref name="shape"/> (each axis no longer than t's).</summary>
    private static Tensor<double> Leading(Tensor<double> t, Shape shape)
    {
        var values = new double[shape.Size];
        for (var i = 0; i < values.Length; i++)
        {
            var index = ElementwiseCheck.Unravel(i, shape);
            values[i] = t[index];
        }
        return Tensor<double>.FromSpan(shape, values);
    }
}
