using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Testing;

/// <summary>
/// FsCheck generators for gradient properties: small shapes (which shrink towards 1) and tensors
/// drawn from a key (so a failing case is replayed exactly from its seed).
/// </summary>
public static class Generators
{
    /// <summary>A dimension in 1..<paramref name="max"/>.</summary>
    public static Gen<int> Dim(int max = 5) => Gen.Choose(1, max);

    /// <summary>A shape of the given rank with dimensions in 1..<paramref name="maxDim"/>.</summary>
    public static Gen<Shape> Shape(int rank, int maxDim = 5) =>
        Gen.ArrayOf(Dim(maxDim), rank).Select(dims => new Shape(dims));

    /// <summary>
    /// A shape of the given rank with dimensions in 0..<paramref name="maxDim"/>, at least one of them zero: the
    /// empty batches, sequences and images every layer must answer (with a result or a shape error).
    /// </summary>
    public static Gen<Shape> ShapeWithZero(int rank, int maxDim = 3) =>
        from dims in Gen.ArrayOf(Gen.Choose(0, maxDim), rank)
        from zero in Gen.Choose(0, rank - 1)
        select new Shape([.. dims.Select((d, i) => i == zero ? 0 : d)]);

    /// <summary>A key from a generated seed.</summary>
    public static Gen<Key> Key() => Gen.Choose(0, int.MaxValue).Select(Tensors.Key.Create);

    /// <summary>Standard normal values of the given shape.</summary>
    public static Gen<Tensor<double>> Normal(Shape shape) => Key().Select(k => k.Normal<double>(shape));

    /// <summary>
    /// Normal values pushed at least <paramref name="margin"/> away from zero, for rules with a kink
    /// at 0 (ReLU), where a finite difference across the kink would be meaningless.
    /// </summary>
    public static Gen<Tensor<double>> AwayFromZero(Shape shape, double margin = 0.05) =>
        Normal(shape).Select(t => t.Map(v => v + Math.CopySign(margin, v)));

    /// <summary>Rows that are probability distributions (positive, summing to one).</summary>
    public static Gen<Tensor<double>> Distributions(Shape shape) =>
        Normal(shape).Select(t => Rule.Softmax(t).Value);
}
