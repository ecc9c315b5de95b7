using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>Shapes for the tensor algebra's properties: a result shape and operand shapes that broadcast to it.</summary>
internal static class AlgebraGen
{
    /// <summary>Rank 0..4, each axis 1..4, now and then 0 (an empty tensor).</summary>
    public static Gen<Shape> Shapes { get; } =
        from rank in Gen.Choose(0, 4)
        from dims in Gen.ArrayOf(Gen.Frequency((12, Gen.Choose(1, 4)), (1, Gen.Constant(0))), rank)
        select new Shape(dims);

    /// <summary>A shape that broadcasts to <paramref name="full"/>: some leading axes dropped, some axes set to 1.</summary>
    public static Gen<Shape> Operand(Shape full) =>
        from drop in Gen.Choose(0, full.Rank)
        from ones in Gen.ArrayOf(Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true))), full.Rank - drop)
        select new Shape([.. full.Dims.Skip(drop).Select((d, i) => ones[i] ? 1 : d)]);

    /// <summary>Two operands whose broadcast shape is <c>Full</c> (or a sub-shape of it), and a data seed.</summary>
    public static Arbitrary<(Shape Full, Shape A, Shape B, int Seed)> Pairs() =>
        (from full in Shapes
         from a in Operand(full)
         from b in Operand(full)
         from seed in Gen.Choose(0, int.MaxValue)
         select (Full: full, A: a, B: b, Seed: seed)).ToArbitrary();

    /// <summary>A shape with an axis in it (rank ≥ 1), the axis (sometimes negative) and a seed.</summary>
    public static Arbitrary<(Shape Shape, int Axis, int Seed)> Axes() =>
        (from shape in Shapes.Where(s => s.Rank >= 1)
         from axis in Gen.Choose(-shape.Rank, shape.Rank - 1)
         from seed in Gen.Choose(0, int.MaxValue)
         select (Shape: shape, Axis: axis, Seed: seed)).ToArbitrary();

    /// <summary>Row-major strides of dims.</summary>
    public static int[] Strides(Shape s)
    {
        var strides = new int[s.Rank];
        for (int a = s.Rank - 1, acc = 1; a >= 0; a--) { strides[a] = acc; acc *= s[a]; }
        return strides;
    }

    /// <summary>The flat index into an operand of shape <paramref name="operand"/> (aligned at the end, size-1 axes stretched) of a full index.</summary>
    public static int OffsetIn(Shape operand, int[] fullIndex)
    {
        var lead = fullIndex.Length - operand.Rank;
        var strides = Strides(operand);
        var offset = 0;
        for (var a = 0; a < operand.Rank; a++) offset += (operand[a] == 1 ? 0 : fullIndex[a + lead]) * strides[a];
        return offset;
    }

    public static int[] Unravel(int flat, Shape shape)
    {
        var index = new int[shape.Rank];
        for (var a = shape.Rank - 1; a >= 0; a--) { index[a] = flat % shape[a]; flat /= shape[a]; }
        return index;
    }
}
