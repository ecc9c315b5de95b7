namespace Backprop.Functional.Kernels;

/// <summary>Orthonormalisation by modified Gram-Schmidt, in double (used by the orthogonal initialiser).</summary>
public static class Orthogonal
{
    /// <summary>
    /// Makes the <paramref name="rows"/> rows of a row-major [rows, cols] matrix (rows ≤ cols) orthonormal, in order:
    /// this is the Q of a QR factorisation with a positive diagonal, so a Gaussian input gives a uniformly random
    /// orthonormal frame.
    /// </summary>
    public static void Rows(Span<double> m, int rows, int cols)
    {
        for (var i = 0; i < rows; i++)
        {
            var row = m.Slice(i * cols, cols);
            for (var j = 0; j < i; j++)
            {
                var previous = m.Slice(j * cols, cols);
                TensorPrimitives.MultiplyAdd(previous, -TensorPrimitives.Dot(row, previous), row, row);
            }
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
    }

    /// <summary>dst[j, i] = src[i, j] for a row-major [rows, cols] source.</summary>
    public static void Transpose(ReadOnlySpan<double> src, Span<double> dst, int rows, int cols)
    {
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
    }
}
