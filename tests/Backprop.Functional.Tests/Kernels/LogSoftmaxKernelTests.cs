using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Row-wise log-softmax and its pullback against log-sum-exp written out in double.</summary>
public class LogSoftmaxKernelTests
{
    /// <summary>
    /// y = x − logsumexp(x). Kernel: x − max (u|x − max|); each exp a few ulps plus that error, which weighs
    /// e^(x − max)·|x − max| ≤ 1/e in the sum; the sum (n − 1)u; so log S is ≤ u(2n + 8) + 4u|log S| off; the last subtraction
    /// u|y|. Doubled for the reference. Offsets to 10⁴ check the max shift (without it the exps overflow).
    /// </summary>
    [Property(MaxTest = 150)]
    public Property LogSoftmax_is_x_minus_logsumexp() =>
        Prop.ForAll(LogitCase.Arbitrary(), c => { Forward<float>(c); Forward<double>(c); });

    /// <summary>Rows longer than the stack buffer of exponentials (256) take a heap one, with the same bound.</summary>
    [Theory]
    [InlineData(257)]
    [InlineData(1000)]
    public void LogSoftmax_of_long_rows_is_x_minus_logsumexp(int cols)
    {
        Forward<float>((3, cols, 10, 100, cols));
        Forward<double>((3, cols, 10, -1000, cols));
    }

    /// <summary>
    /// dx = dy − e^y·Σ_j dy_j. Kernel: e^y a few ulps, the sum (n − 1)u·Σ|dy|, the product and the addition one rounding
    /// each: ≤ u(e^y·(5|Σdy| + n·Σ|dy|) + |dx|), doubled for the reference.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property LogSoftmaxBackward_is_dy_minus_softmax_times_the_row_sum() =>
        Prop.ForAll(LogitCase.Arbitrary(), c => { Backward<float>(c); Backward<double>(c); });

    private static void Forward<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, cols) = (c.Rows, c.Cols);
        var x = LogitCase.Logits<T>(new Random(c.Seed), rows, cols, c.Spread, c.Offset);
        var y = Samples.Filled(x.Length, T.NaN);
        LogSoftmaxKernel.LogSoftmax<T>(x, y, cols);
        var what = $"{typeof(T).Name} LogSoftmax {c}";
        for (var r = 0; r < rows; r++)
        {
            var (max, logSum) = LogitCase.LogSumExp(x, r, cols);
            for (var j = 0; j < cols; j++)
            {
                var at = r * cols + j;
                var xi = double.CreateChecked(x[at]);
                var expected = xi - max - logSum;
                var magnitude = Math.Abs(xi - max) + Math.Abs(expected) + 4 * Math.Abs(logSum) + 2 * cols + 8;
                Within(double.CreateChecked(y[at]), expected, Bound<T>(2, magnitude), what, at);
            }
        }
    }

    private static void Backward<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, cols) = (c.Rows, c.Cols);
        var rng = new Random(c.Seed);
        var x = LogitCase.Logits<T>(rng, rows, cols, c.Spread, c.Offset);
        T[] y = new T[x.Length], dy = Samples.Normal<T>(rng, x.Length), dx = Samples.Filled(x.Length, T.NaN);
        LogSoftmaxKernel.LogSoftmax<T>(x, y, cols);
        LogSoftmaxKernel.LogSoftmaxBackward<T>(y, dy, dx, cols);
        var what = $"{typeof(T).Name} LogSoftmaxBackward {c}";
        for (var r = 0; r < rows; r++)
        {
            double sum = 0, sumAbs = 0;
            for (var j = 0; j < cols; j++) (sum, sumAbs) = (sum + double.CreateChecked(dy[r * cols + j]), sumAbs + Math.Abs(double.CreateChecked(dy[r * cols + j])));
            for (var j = 0; j < cols; j++)
            {
                var at = r * cols + j;
                var p = Math.Exp(double.CreateChecked(y[at]));
                var expected = double.CreateChecked(dy[at]) - p * sum;
                Within(double.CreateChecked(dx[at]), expected, Bound<T>(2, p * (5 * Math.Abs(sum) + cols * sumAbs) + Math.Abs(expected)), what, at);
            }
        }
    }
}
