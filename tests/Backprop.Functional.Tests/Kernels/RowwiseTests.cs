using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
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

    /// <summary>
    /// Bit for bit what a row-by-row loop gives: each output one addition, each column sum accumulated from zero in
    /// row order (the order the training loop's bits depend on), past the register blocks and into the scalar tail.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Both_give_the_bits_of_a_row_by_row_loop() =>
        Prop.ForAll((from rows in Gen.Choose(0, 40) from cols in KernelGen.Cols from seed in KernelGen.Seed select (rows, cols, seed)).ToArbitrary(),
            c => { Exact<float>(c.rows, c.cols, c.seed); Exact<double>(c.rows, c.cols, c.seed); });

    [Fact]
    public void Zero_columns_have_nothing_to_add_or_sum()
    {
        Rowwise.AddRow<float>([], [], []);
        Rowwise.SumRows<double>([], []);
    }

    [Fact]
    public void AddRow_refuses_an_output_shorter_than_its_input()
    {
        var e = Assert.Throws<ArgumentException>(() => Rowwise.AddRow<float>(new float[64], new float[32], new float[63]));
        Assert.Contains("2x32", e.Message);
    }

    private static void Exact<T>(int rows, int cols, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        // The outputs are the front of longer buffers, whose last Tail values must stay as they were.
        const int Tail = 9;
        T[] x = Samples.Normal<T>(rng, rows * cols), row = Samples.Normal<T>(rng, cols), y = Samples.Filled(rows * cols + Tail, T.NaN), sums = Samples.Filled(cols + Tail, T.NaN);
        Rowwise.AddRow<T>(x, row, y.AsSpan(0, rows * cols));
        Rowwise.SumRows<T>(x, sums.AsSpan(0, cols));
        Assert.True(Array.TrueForAll(y[(rows * cols)..], T.IsNaN) && Array.TrueForAll(sums[cols..], T.IsNaN), $"{typeof(T).Name} {rows}x{cols}: wrote past the end");
        for (var i = 0; i < rows * cols; i++) Assert.Equal(x[i] + row[i % cols], y[i]);
        for (var j = 0; j < cols; j++)
        {
            var sum = T.Zero;
            for (var i = 0; i < rows; i++) sum += x[i * cols + j];
            Assert.True(sum.Equals(sums[j]), $"{typeof(T).Name} {rows}x{cols} seed {seed}: column {j} sums to {sums[j]}, in row order {sum}");
        }
    }

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
