using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Panel packing against its definition: the copied or transposed entries land where the micro-kernels read them, the
/// padding is zeroed over whatever the buffer held, and nothing beyond the panel is touched. Sizes cover the vector
/// paths (8×8 float and 4×4 double transposes, one to four 256-bit vectors per row) and their scalar remainders.
/// </summary>
public unsafe class GemmPackingTests
{
    private static readonly Gen<int> Size = Gen.OneOf(Gen.Elements(1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 32, 33), Gen.Choose(1, 40));

    private static Arbitrary<(int Rows, int Cols, int StridePad, int PanelPad, int Seed)> Cases() =>
        (from rows in Size from cols in Size from stridePad in Gen.Elements(0, 0, 1, 5) from panelPad in Gen.Elements(0, 0, 1, 3, 8)
         from seed in KernelGen.Seed select (rows, cols, stridePad, panelPad, seed)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Copy_puts_each_row_at_the_panel_stride_and_zeroes_the_padding() =>
        Prop.ForAll(Cases(), c => CopyCase<float>(c) && CopyCase<double>(c));

    [Property(MaxTest = 300)]
    public Property Transpose_puts_each_column_in_a_panel_row_and_zeroes_the_padding() =>
        Prop.ForAll(Cases(), c => TransposeCase<float>(c) && TransposeCase<double>(c));

    private static bool CopyCase<T>((int Rows, int Cols, int StridePad, int PanelPad, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (lds, ldd) = (c.Cols + c.StridePad, c.Cols + c.PanelPad);
        var src = Values<T>(c.Rows * lds, c.Seed);
        var dst = Garbage<T>(c.Rows * ldd + 1);
        fixed (T* s = src, d = dst) GemmPacking.Copy(s, lds, c.Rows, c.Cols, d, ldd);
        return Enumerable.Range(0, c.Rows).All(r => Enumerable.Range(0, ldd).All(j =>
                   dst[r * ldd + j] == (j < c.Cols ? src[r * lds + j] : T.Zero)))
               && T.IsNaN(dst[^1]);
    }

    private static bool TransposeCase<T>((int Rows, int Cols, int StridePad, int PanelPad, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (lds, ldd) = (c.Cols + c.StridePad, c.Rows + c.PanelPad);
        var src = Values<T>(c.Rows * lds, c.Seed);
        var dst = Garbage<T>(c.Cols * ldd + 1);
        fixed (T* s = src, d = dst) GemmPacking.Transpose(s, lds, c.Rows, c.Cols, d, ldd);
        return Enumerable.Range(0, c.Cols).All(col => Enumerable.Range(0, ldd).All(r =>
                   dst[col * ldd + r] == (r < c.Rows ? src[r * lds + col] : T.Zero)))
               && T.IsNaN(dst[^1]);
    }

    /// <summary>Distinct values, so an entry put in the wrong place is seen.</summary>
    private static T[] Values<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i => T.CreateChecked(i + 1 + random.Next(0, 1000) * 0.001))];
    }

    /// <summary>NaN everywhere: padding left unwritten, or a write past the panel (the last element), is seen.</summary>
    private static T[] Garbage<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T> => [.. Enumerable.Repeat(T.NaN, n)];
}
