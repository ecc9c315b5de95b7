using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Row broadcasts and column sums of a row-major [rows, cols] matrix against scalar loops in double.</summary>
public class RowwiseTests
{
    private static Arbitrary<(int Rows, int Cols, int Seed)> Matrices() =>
        (from rows in Gen.Choose(0, 7) from cols in KernelGen.Cols from seed in KernelGen.Seed select (Rows: rows, Cols: cols, Seed: seed)).ToArbitrary();

    /// <summary>y[i, j] = x[i, j] + row[j]: one correctly rounded addition, ≤ u·|y| (the double reference rounds identically).</summary>
    [Property(MaxTest = 150)]
    public Property AddRow_adds_the_row_to_every_row() =>
        Prop.ForAll(Matrices(), c => { AddRow<float>(c.Rows, c.Cols, c.Seed); AddRow<double>(c.Rows, c.Cols, c.Seed); });

    /// <summary>sums[j] = Σ_i x[i, j]: rows − 1 additions, ≤ (rows − 1)·u·Σ|x|, doubled for the reference; stale output is overwritten.</summary>
    [Property(MaxTest = 150)]
    public Property SumRows_sums_each_column() =>
        Prop.ForAll(Matrices(), c => { SumRows<float>(c.Rows, c.Cols, c.Seed); SumRows<double>(c.Rows, c.Cols, c.Seed); });

    private static void AddRow<T>(int rows, int cols, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, rows * cols), row = Samples.Normal<T>(rng, cols), y = Samples.Filled(rows * cols, T.NaN);
        Rowwise.AddRow<T>(x, row, y);
        var what = $"{typeof(T).Name} AddRow {rows}x{cols} seed {seed}";
        for (var i = 0; i < rows * cols; i++)
        {
            var expected = double.CreateChecked(x[i]) + double.CreateChecked(row[i % cols]);
            Within(double.CreateChecked(y[i]), expected, Bound<T>(1, Math.Abs(expected)), what, i);
        }
    }

    private static void SumRows<T>(int rows, int cols, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, rows * cols), sums = Samples.Filled(cols, T.NaN);
        Rowwise.SumRows<T>(x, sums);
        var what = $"{typeof(T).Name} SumRows {rows}x{cols} seed {seed}";
        for (var j = 0; j < cols; j++)
        {
            double sum = 0, magnitude = 0;
            for (var i = 0; i < rows; i++) (sum, magnitude) = (sum + double.CreateChecked(x[i * cols + j]), magnitude + Math.Abs(double.CreateChecked(x[i * cols + j])));
            Within(double.CreateChecked(sums[j]), sum, Bound<T>(2 * rows, magnitude), what, j);
        }
    }
}
