using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Row-wise softmax, softmax cross-entropy and their pullbacks against log-sum-exp written out in double.</summary>
public class SoftmaxKernelTests
{
    /// <summary>
    /// p = e^(z − max)/S. Relative to p: z − max (u|z − max|, through exp), exp a few ulps, S (2n + 8)u as in log-softmax,
    /// the division u: ≤ u(|z − max| + 2n + 13)·p, doubled for the reference. So rows sum to 1 within (6n + 26)u
    /// (Σ p·|z − max| ≤ n/e, and the test's own sum).
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Softmax_is_the_normalised_exponential() =>
        Prop.ForAll(LogitCase.Arbitrary(), c => { Softmax<float>(c); Softmax<double>(c); });

    /// <summary>
    /// Σ_rows Σ_j y_j(logsumexp(z) − z_j), for one-hot and soft targets. Per row, with a = max + log S: log S is off as in
    /// log-softmax, a by u|a| more, Σy by (n − 1)u·Σ|y| (times |a|), the product u|a·Σy|, ⟨y, z⟩ by n·u·Σ|y·z|, the
    /// difference u|row|; the rows' running total rows·u·|row|. Doubled for the reference. The probabilities written are
    /// the softmax.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property CrossEntropySum_is_logsumexp_minus_the_target_logit_and_stable() =>
        Prop.ForAll(LogitCase.Arbitrary(), c => { CrossEntropy<float>(c); CrossEntropy<double>(c); });

    /// <summary>dz = scale·(p·Σy − y): Σy (n − 1)u·Σ|y|, then three roundings: ≤ u(|scale|·(p·(n·Σ|y| + |Σy|) + |p·Σy − y|) + |dz|), doubled.</summary>
    [Property(MaxTest = 150)]
    public Property CrossEntropyBackward_is_the_scaled_probabilities_minus_targets() =>
        Prop.ForAll(LogitCase.Arbitrary(), c => { CrossEntropyBackward<float>(c); CrossEntropyBackward<double>(c); });

    /// <summary>
    /// Bit for bit the library's row passes: max, z − max, exp, sum, division, then logsumexp·Σy − ⟨y, z⟩ added up by row;
    /// up to 100 rows, so several of the kernel's blocks of rows, the last one partial.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property CrossEntropySum_has_the_bits_of_its_row_passes() =>
        Prop.ForAll(ManyRows(), c => { ForwardBits<float>(c); ForwardBits<double>(c); });

    /// <summary>Softmax bit for bit as each row's own passes (max, z − max, exp, sum, division), over several blocks of rows.</summary>
    [Property(MaxTest = 150)]
    public Property Softmax_has_the_bits_of_its_row_passes() =>
        Prop.ForAll(ManyRows(), c => { SoftmaxBits<float>(c); SoftmaxBits<double>(c); });

    [Fact]
    public void Rows_of_no_columns_have_no_probabilities_and_no_loss()
    {
        SoftmaxKernel.Softmax<float>([], [], 0);
        Assert.Equal(0f, SoftmaxKernel.CrossEntropySum<float>([], [], [], 0));
    }

    private static Arbitrary<(int Rows, int Cols, double Spread, double Offset, int Seed)> ManyRows() =>
        (from c in LogitCase.Arbitrary().Generator
         from rows in Gen.Choose(0, 100)
         select (Rows: rows, c.Cols, c.Spread, c.Offset, c.Seed)).ToArbitrary();

    private static void SoftmaxBits<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        SoftmaxBitsOf(LogitCase.Logits<T>(new Random(c.Seed), c.Rows, c.Cols, c.Spread, c.Offset), c.Cols);

    private static void SoftmaxBitsOf<T>(T[] z, int cols) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var p = Samples.Filled(z.Length, T.NaN);
        SoftmaxKernel.Softmax<T>(z, p, cols);
        var actual = p.ToArray();
        // The reference runs in the same memory: TensorPrimitives aligns its vectors to where a long row lies, and a double
        // exp of an extreme value takes its vector's other lanes down a scalar path with other bits.
        for (var offset = 0; offset < z.Length; offset += cols)
        {
            var q = p.AsSpan(offset, cols);
            TensorPrimitives.Subtract(z.AsSpan(offset, cols), TensorPrimitives.Max<T>(z.AsSpan(offset, cols)), q);
            TensorPrimitives.Exp<T>(q, q);
            TensorPrimitives.Divide(q, TensorPrimitives.Sum<T>(q), q);
        }
        AssertSameBits(p, actual, $"{cols} columns");
    }

    private static void ForwardBits<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (_, z, y) = LogitsAndTargets<T>(c);
        ForwardBitsOf(z, y, c.Cols, c.ToString());
    }

    /// <summary>
    /// Rows with a NaN, infinities, and ties of +0 and −0 (whose max is +0), shorter and longer than a vector: the bits
    /// of the library's row passes, signs of zeros and NaNs included.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(40)]
    public void Rows_with_NaN_infinities_and_signed_zeros_have_the_bits_of_the_row_passes(int cols)
    {
        double[] Row(params double[] head) => [.. head, .. Enumerable.Range(0, cols - head.Length).Select(j => -0.25 * j)];
        double[] z = [.. Row(-0.0, 0.0), .. Row(0.0, -0.0), .. Row(-0.0, -0.0), .. Row(double.NaN, 1), .. Row(1, double.PositiveInfinity),
            .. Row(double.NegativeInfinity, 2), .. Row(double.NegativeInfinity, double.NegativeInfinity)];
        var y = z.Select((_, i) => i % cols == 1 ? 1.0 : 0).ToArray();
        ForwardBitsOf(z, y, cols, $"{cols} columns, double");
        SoftmaxBitsOf(z, cols);
        ForwardBitsOf(z.Select(v => (float)v).ToArray(), y.Select(v => (float)v).ToArray(), cols, $"{cols} columns, float");
        SoftmaxBitsOf(z.Select(v => (float)v).ToArray(), cols);
    }

    private static void ForwardBitsOf<T>(T[] z, T[] y, int cols, string label) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var p = Samples.Filled(z.Length, T.NaN);
        var total = SoftmaxKernel.CrossEntropySum<T>(z, y, p, cols);
        var actual = p.ToArray();
        var expected = T.Zero;
        for (var offset = 0; offset < z.Length; offset += cols)   // in the same memory, as in SoftmaxBits
        {
            ReadOnlySpan<T> zr = z.AsSpan(offset, cols), yr = y.AsSpan(offset, cols);
            var q = p.AsSpan(offset, cols);
            var max = TensorPrimitives.Max<T>(zr);
            TensorPrimitives.Subtract(zr, max, q);
            TensorPrimitives.Exp<T>(q, q);
            var sum = TensorPrimitives.Sum<T>(q);
            TensorPrimitives.Divide(q, sum, q);
            expected += (max + T.Log(sum)) * TensorPrimitives.Sum<T>(yr) - TensorPrimitives.Dot<T>(yr, zr);
        }
        AssertSameBits(p, actual, label);
        Assert.True(SameBits(expected, total), $"{typeof(T).Name} {label}: {total}, row passes {expected}");
    }

    private static bool SameBits<T>(T a, T b) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        T.IsNaN(a) ? T.IsNaN(b) : a.Equals(b) && T.IsNegative(a) == T.IsNegative(b);

    private static void AssertSameBits<T>(T[] expected, T[] actual, string label) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(SameBits(expected[i], actual[i]), $"{typeof(T).Name} {label}: element {i} is {actual[i]}, row passes {expected[i]}");
    }

    /// <summary>Bit for bit the three whole-row passes p·Σy, − y, · scale (the order the training loop's bits depend on).</summary>
    [Property(MaxTest = 150)]
    public Property CrossEntropyBackward_has_the_bits_of_three_row_passes() =>
        Prop.ForAll(LogitCase.Arbitrary(), c => { BackwardBits<float>(c); BackwardBits<double>(c); });

    private static void BackwardBits<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, cols) = (c.Rows, c.Cols);
        var (rng, p, y) = LogitsAndTargets<T>(c);
        var scale = T.CreateChecked(rng.NextDouble() - 0.5);
        var dz = Samples.Filled(p.Length, T.NaN);
        SoftmaxKernel.CrossEntropyBackward<T>(p, y, scale, dz, cols);
        for (var offset = 0; offset < p.Length; offset += cols)
        {
            var expected = new T[cols];
            TensorPrimitives.Multiply(p.AsSpan(offset, cols), TensorPrimitives.Sum(y.AsSpan(offset, cols)), expected);
            TensorPrimitives.Subtract(expected, y.AsSpan(offset, cols), expected);
            TensorPrimitives.Multiply(expected, scale, expected);
            Assert.Equal(expected, dz.AsSpan(offset, cols).ToArray());
        }
    }

    /// <summary>dx = y ⊙ (dy − ⟨dy, y⟩): the dot n·u·Σ|dy·y|, then two roundings: ≤ u(|y|·(n·Σ|dy·y| + |dy − ⟨dy, y⟩|) + |dx|), doubled.</summary>
    [Property(MaxTest = 150)]
    public Property SoftmaxBackward_is_the_softmax_jacobian_product() =>
        Prop.ForAll(LogitCase.Arbitrary(), c => { SoftmaxBackward<float>(c); SoftmaxBackward<double>(c); });

    private static void Softmax<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var z = LogitCase.Logits<T>(new Random(c.Seed), c.Rows, c.Cols, c.Spread, c.Offset);
        var p = Samples.Filled(z.Length, T.NaN);
        SoftmaxKernel.Softmax<T>(z, p, c.Cols);
        CheckProbabilities(z, p, c.Cols, $"{typeof(T).Name} Softmax {c}");
    }

    private static void CrossEntropy<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, cols) = (c.Rows, c.Cols);
        var (rng, z, targets) = LogitsAndTargets<T>(c);
        var p = Samples.Filled(z.Length, T.NaN);
        var total = double.CreateChecked(SoftmaxKernel.CrossEntropySum<T>(z, targets, p, cols));
        var what = $"{typeof(T).Name} CrossEntropySum {c}";
        CheckProbabilities(z, p, cols, what + " probs");
        double expected = 0, magnitude = 0;
        for (var r = 0; r < rows; r++)
        {
            var (max, logSum) = LogitCase.LogSumExp(z, r, cols);
            double row = 0, absY = 0, dotAbs = 0;
            for (var j = 0; j < cols; j++)
            {
                double y = double.CreateChecked(targets[r * cols + j]), zj = double.CreateChecked(z[r * cols + j]);
                (row, absY, dotAbs) = (row + y * (max + logSum - zj), absY + Math.Abs(y), dotAbs + Math.Abs(y * zj));
            }
            expected += row;
            var a = Math.Abs(max) + Math.Abs(logSum);
            magnitude += absY * (2 * cols + 8 + 4 * Math.Abs(logSum) + (cols + 1) * a) + cols * dotAbs + (rows + 1) * Math.Abs(row);
        }
        Within(total, expected, Bound<T>(2, magnitude), what, -1);
    }

    private static void CrossEntropyBackward<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, cols) = (c.Rows, c.Cols);
        var (rng, z, targets) = LogitsAndTargets<T>(c);
        var p = new T[z.Length];
        SoftmaxKernel.Softmax<T>(z, p, cols);
        var scale = T.CreateChecked(rows == 0 ? 1.0 : 1.0 / rows);
        var dz = Samples.Filled(z.Length, T.NaN);
        SoftmaxKernel.CrossEntropyBackward<T>(p, targets, scale, dz, cols);
        var s = double.CreateChecked(scale);
        var what = $"{typeof(T).Name} CrossEntropyBackward {c}";
        for (var r = 0; r < rows; r++)
        {
            double sumY = 0, sumAbs = 0;
            for (var j = 0; j < cols; j++) (sumY, sumAbs) = (sumY + double.CreateChecked(targets[r * cols + j]), sumAbs + Math.Abs(double.CreateChecked(targets[r * cols + j])));
            for (var j = 0; j < cols; j++)
            {
                var at = r * cols + j;
                double pj = double.CreateChecked(p[at]), inner = pj * sumY - double.CreateChecked(targets[at]), expected = s * inner;
                var magnitude = Math.Abs(s) * (pj * (cols * sumAbs + Math.Abs(sumY)) + Math.Abs(inner)) + Math.Abs(expected);
                Within(double.CreateChecked(dz[at]), expected, Bound<T>(2, magnitude), what, at);
            }
        }
    }

    private static void SoftmaxBackward<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (rows, cols) = (c.Rows, c.Cols);
        var rng = new Random(c.Seed);
        var z = LogitCase.Logits<T>(rng, rows, cols, c.Spread, c.Offset);
        T[] y = new T[z.Length], dy = Samples.Normal<T>(rng, z.Length), dx = Samples.Filled(z.Length, T.NaN);
        SoftmaxKernel.Softmax<T>(z, y, cols);
        SoftmaxKernel.SoftmaxBackward<T>(y, dy, dx, cols);
        var what = $"{typeof(T).Name} SoftmaxBackward {c}";
        for (var r = 0; r < rows; r++)
        {
            double dot = 0, dotAbs = 0;
            for (var j = 0; j < cols; j++)
            {
                var term = double.CreateChecked(dy[r * cols + j]) * double.CreateChecked(y[r * cols + j]);
                (dot, dotAbs) = (dot + term, dotAbs + Math.Abs(term));
            }
            for (var j = 0; j < cols; j++)
            {
                var at = r * cols + j;
                double yj = double.CreateChecked(y[at]), inner = double.CreateChecked(dy[at]) - dot, expected = yj * inner;
                Within(double.CreateChecked(dx[at]), expected, Bound<T>(2, Math.Abs(yj) * (cols * dotAbs + Math.Abs(inner)) + Math.Abs(expected)), what, at);
            }
        }
    }

    private static void CheckProbabilities<T>(T[] z, T[] p, int cols, string what) where T : IBinaryFloatingPointIeee754<T>
    {
        for (var r = 0; r < z.Length / cols; r++)
        {
            var (max, logSum) = LogitCase.LogSumExp(z, r, cols);
            double total = 0;
            for (var j = 0; j < cols; j++)
            {
                var at = r * cols + j;
                var gap = double.CreateChecked(z[at]) - max;
                var expected = Math.Exp(gap - logSum);
                var actual = double.CreateChecked(p[at]);
                Within(actual, expected, Bound<T>(2, (Math.Abs(gap) + 2 * cols + 13) * expected), what, at);
                total += actual;
            }
            Within(total, 1, Bound<T>(6 * cols + 26, 1), what + " row sum", r);
        }
    }

    /// <summary>Per row, a one-hot target or a random distribution.</summary>
    /// <summary>A case's logits, then its targets, drawn from one generator seeded by the case (which it also returns, for more draws).</summary>
    private static (Random Rng, T[] Logits, T[] Targets) LogitsAndTargets<T>((int Rows, int Cols, double Spread, double Offset, int Seed) c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(c.Seed);
        var z = LogitCase.Logits<T>(rng, c.Rows, c.Cols, c.Spread, c.Offset);
        return (rng, z, Targets<T>(rng, c.Rows, c.Cols));
    }

    private static T[] Targets<T>(Random rng, int rows, int cols) where T : IBinaryFloatingPointIeee754<T>
    {
        var y = new T[rows * cols];
        for (var r = 0; r < rows; r++)
            if (rng.Next(2) == 0) y[r * cols + rng.Next(cols)] = T.One;
            else
            {
                var w = Enumerable.Range(0, cols).Select(_ => rng.NextDouble()).ToArray();
                for (var j = 0; j < cols; j++) y[r * cols + j] = T.CreateChecked(w[j] / w.Sum());
            }
        return y;
    }
}
