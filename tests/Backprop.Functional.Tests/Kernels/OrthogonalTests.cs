using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Gram-Schmidt against what it promises: the rows come out orthonormal, and each is the next direction of the rows
/// before it (Q of a QR with a positive diagonal: row i of the input has a positive component along q_i and none along
/// the later q's); the transpose against its definition.
/// </summary>
public class OrthogonalTests
{
    private static Arbitrary<(int Rows, int Cols, int Seed)> Cases() =>
        (from cols in Gen.Choose(1, 9) from rows in Gen.Choose(1, cols) from seed in KernelGen.Seed select (rows, cols, seed)).ToArbitrary();

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Property(MaxTest = 200)]
    public Property Rows_become_an_orthonormal_frame_in_order() =>
        Prop.ForAll(Cases(), c => Failure(c) is not { } failure ? true.ToProperty() : false.Label(failure));

    // Found by the property above: κ of this square input is in the thousands, and a fixed 1e-12 tolerance failed on it.
    [Fact]
    public void An_ill_conditioned_square_input_is_orthonormal_to_its_condition() => Assert.Null(Failure((6, 6, 233866107)));

    [Fact]
    public void A_row_not_orthogonalised_against_the_previous_one_is_caught() =>
        Assert.Equal("q0·q1", Failure((2, 3, 7), q => { q[3] += 0.1; }));

    /// <summary>Null when the rows of a Gaussian input come out as Q of a QR with a positive diagonal, else what failed.</summary>
    private static string? Failure((int Rows, int Cols, int Seed) c, Action<double[]>? spoil = null)
    {
        var input = Samples.Normal<double>(new Random(c.Seed), c.Rows * c.Cols);
        var q = (double[])input.Clone();
        Orthogonal.Rows(q, c.Rows, c.Cols);
        spoil?.Invoke(q);
        ReadOnlySpan<double> Row(double[] m, int i) => m.AsSpan(i * c.Cols, c.Cols);
        // Modified Gram-Schmidt keeps orthogonality to about ε·κ(input); ‖input‖ / min R[i, i] bounds κ from below, and
        // random square inputs can have κ in the thousands, so the tolerance scales with it.
        var smallest = Enumerable.Range(0, c.Rows).Min(i => Math.Abs(Dot(Row(input, i), Row(q, i))));
        var size = Math.Sqrt(Dot(input, input));
        var tolerance = 1e-13 * Math.Max(10, size / smallest);
        for (var i = 0; i < c.Rows; i++)
            for (var j = 0; j < c.Rows; j++)
            {
                if (Math.Abs(Dot(Row(q, i), Row(q, j)) - (i == j ? 1 : 0)) > tolerance) return $"q{i}·q{j}";
                var along = Dot(Row(input, i), Row(q, j));   // R[j, i]: zero below the diagonal, positive on it
                if (j > i && Math.Abs(along) > tolerance * size) return $"input row {i} has a component along the later q{j}";
                if (j == i && along <= 0) return $"input row {i} is not positive along q{i}";
            }
        return null;
    }

    [Property(MaxTest = 100)]
    public Property Transpose_moves_each_entry_across_the_diagonal() => Prop.ForAll(Cases(), c =>
    {
        var src = Samples.Normal<double>(new Random(c.Seed), c.Rows * c.Cols);
        var dst = new double[src.Length + 1];
        dst[^1] = double.NaN;
        Orthogonal.Transpose(src, dst, c.Rows, c.Cols);
        return Enumerable.Range(0, c.Rows).All(i => Enumerable.Range(0, c.Cols).All(j => dst[j * c.Rows + i] == src[i * c.Cols + j])) && double.IsNaN(dst[^1]);
    });
}
