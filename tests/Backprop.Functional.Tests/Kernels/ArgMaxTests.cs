using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>ArgMax.Rows against a scalar scan: the index of each row's largest element, the first one on ties.</summary>
public class ArgMaxTests
{
    /// <summary>
    /// Rows × cols with cols up to 200; half the cases draw from a few whole numbers, so ties are common. Signed zeros
    /// and NaN are left out: a strict "&gt;" scan and IEEE total order disagree there, and the doc settles neither.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Rows_returns_the_first_index_of_each_row_maximum() =>
        Prop.ForAll((from rows in KernelGen.Rows
                     from cols in Gen.OneOf(KernelGen.Cols, Gen.Constant(0))
                     from ties in Gen.Elements(false, true)
                     from seed in KernelGen.Seed
                     select (Rows: rows, Cols: cols, Ties: ties, Seed: seed)).ToArbitrary(),
            c => { Check<float>(c.Rows, c.Cols, c.Ties, c.Seed); Check<double>(c.Rows, c.Cols, c.Ties, c.Seed); });

    private static void Check<T>(int rows, int cols, bool ties, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = ties ? Samples.Integers<T>(rng, rows * cols, 1, 4) : Samples.Normal<T>(rng, rows * cols, scale: 100);
        if (ties) for (var i = 0; i < x.Length; i++) if (rng.Next(2) == 0) x[i] = -x[i];
        var actual = ArgMax.Rows<T>(x, cols);
        var expected = new int[cols == 0 ? 0 : rows];
        for (var r = 0; r < expected.Length; r++)
            for (var j = 1; j < cols; j++)
                if (x[r * cols + j] > x[r * cols + expected[r]]) expected[r] = j;
        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{typeof(T).Name} {rows}x{cols} seed {seed}: [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
    }
}
