using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Row-wise softmax and softmax cross-entropy, stable through log-sum-exp.</summary>
public static class SoftmaxKernel
{
    /// <summary>
    /// Rows per block. The kernels run each step (shift, exp, normalise) over a block of rows before the next step, not
    /// every step on one row: a library call ends a short row with a vector overlapping the one before it, and reading
    /// such a row straight back stalls until those stores retire (store-to-load forwarding fails). Each row still gets
    /// the same operations in the same order, so the same bits.
    /// </summary>
    private const int Block = 32;

    /// <summary>probs[i, :] = softmax(logits[i, :]), in passes over blocks of rows; returns nothing else.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> logits, Span<T> probs, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = cols == 0 ? 0 : logits.Length / cols;
        for (var r0 = 0; r0 < rows; r0 += Block)
        {
            var block = probs.Slice(r0 * cols, Math.Min(Block, rows - r0) * cols);
            for (var o = 0; o < block.Length; o += cols)
            {
                var z = logits.Slice(r0 * cols + o, cols);
                TensorPrimitives.Subtract(z, TensorPrimitives.Max(z), block.Slice(o, cols));
            }
            for (var o = 0; o < block.Length; o += cols) TensorPrimitives.Exp(block.Slice(o, cols), block.Slice(o, cols));
            for (var o = 0; o < block.Length; o += cols)
            {
                var p = block.Slice(o, cols);
                TensorPrimitives.Divide(p, TensorPrimitives.Sum(p), p);
            }
        }
    }

    /// <summary>
    /// Σ_i CE(softmax(logits[i]), targets[i]) with CE = −Σ_j y_j log p_j, computed as
    /// logsumexp(z) − Σ_j y_j z_j (valid for any targets that sum to one). Writes the
    /// probabilities to <paramref name="probs"/> for the pullback. Passes over blocks of rows, as <see cref="Softmax"/>.
    /// </summary>
    public static T CrossEntropySum<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, Span<T> probs, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var total = T.Zero;
        var rows = cols == 0 ? 0 : logits.Length / cols;
        Span<T> maxes = stackalloc T[Block];
        for (var r0 = 0; r0 < rows; r0 += Block)
        {
            var n = Math.Min(Block, rows - r0);
            for (var r = 0; r < n; r++)
            {
                var z = logits.Slice((r0 + r) * cols, cols);
                maxes[r] = TensorPrimitives.Max(z);
                TensorPrimitives.Subtract(z, maxes[r], probs.Slice((r0 + r) * cols, cols));
            }
            var block = probs.Slice(r0 * cols, n * cols);
            for (var o = 0; o < block.Length; o += cols) TensorPrimitives.Exp(block.Slice(o, cols), block.Slice(o, cols));
            for (var r = 0; r < n; r++)
            {
                var offset = (r0 + r) * cols;
                var p = probs.Slice(offset, cols);
                var sum = TensorPrimitives.Sum(p);
                TensorPrimitives.Divide(p, sum, p);
                var y = targets.Slice(offset, cols);
                total += (maxes[r] + T.Log(sum)) * TensorPrimitives.Sum(y) - TensorPrimitives.Dot(y, logits.Slice(offset, cols));
            }
        }
        return total;
    }

    /// <summary>
    /// dz[i, :] = scale · (p[i, :] · Σ_j y[i, j] − y[i, :]): the fused (ŷ − y) pullback, in one pass over each row
    /// (three roundings per element, in that order: the bits of three whole-row passes, without two library calls a row).
    /// </summary>
    public static void CrossEntropyBackward<T>(ReadOnlySpan<T> probs, ReadOnlySpan<T> targets, T scale, Span<T> dz, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var width = Vector<T>.Count;
        var k = new Vector<T>(scale);
        for (var offset = 0; offset < dz.Length; offset += cols)
        {
            var y = targets.Slice(offset, cols);
            var p = probs.Slice(offset, cols);
            var row = dz.Slice(offset, cols);
            var sy = TensorPrimitives.Sum(y);
            var j = 0;
            if (Vector.IsHardwareAccelerated)
                for (var s = new Vector<T>(sy); j <= cols - width; j += width)
                    ((new Vector<T>(p[j..]) * s - new Vector<T>(y[j..])) * k).CopyTo(row[j..]);
            for (; j < cols; j++) row[j] = (p[j] * sy - y[j]) * scale;
        }
    }

    /// <summary>dx[i, :] = y[i, :] ⊙ (dy[i, :] − ⟨dy[i, :], y[i, :]⟩).</summary>
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var offset = 0; offset < dx.Length; offset += cols)
        {
            var yr = y.Slice(offset, cols);
            var row = dx.Slice(offset, cols);
            TensorPrimitives.Subtract(dy.Slice(offset, cols), TensorPrimitives.Dot(dy.Slice(offset, cols), yr), row);
            TensorPrimitives.Multiply(row, yr, row);
        }
    }
}
