using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Rows of logits for the softmax kernels: spread·N(0, 1) + offset, with offsets up to 10⁴ (where e^z overflows even in
/// double) and spreads to 100 (where most e^(z − max) underflow); spread 0 makes every row a tie.
/// </summary>
internal static class LogitCase
{
    public static Arbitrary<(int Rows, int Cols, double Spread, double Offset, int Seed)> Arbitrary() =>
        (from rows in KernelGen.Rows
         from cols in KernelGen.Cols
         from spread in Gen.Elements(0.0, 1, 10, 100)
         from offset in Gen.Elements(0.0, 0, 100, -1000, 1e4)
         from seed in KernelGen.Seed
         select (Rows: rows, Cols: cols, Spread: spread, Offset: offset, Seed: seed)).ToArbitrary();

    public static T[] Logits<T>(Random rng, int rows, int cols, double spread, double offset) where T : IBinaryFloatingPointIeee754<T> =>
        Samples.Normal<T>(rng, rows * cols, spread, offset);

    /// <summary>log Σ_j e^(z_j) of row <paramref name="r"/>, in double, shifted by the row maximum (the same number, without overflow).</summary>
    public static (double Max, double LogSum) LogSumExp<T>(T[] z, int r, int cols) where T : IBinaryFloatingPointIeee754<T>
    {
        var max = double.NegativeInfinity;
        for (var j = 0; j < cols; j++) max = Math.Max(max, double.CreateChecked(z[r * cols + j]));
        double sum = 0;
        for (var j = 0; j < cols; j++) sum += Math.Exp(double.CreateChecked(z[r * cols + j]) - max);
        return (max, Math.Log(sum));
    }
}
