using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Row-wise softmax and softmax cross-entropy, stable through log-sum-exp.</summary>
public static class SoftmaxKernel
{
    /// <summary>probs[i, :] = softmax(logits[i, :]); returns nothing else.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> logits, Span<T> probs, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var offset = 0; offset < logits.Length; offset += cols)
        {
            var z = logits.Slice(offset, cols);
            var p = probs.Slice(offset, cols);
            TensorPrimitives.Subtract(z, TensorPrimitives.Max(z), p);
            TensorPrimitives.Exp(p, p);
            TensorPrimitives.Divide(p, TensorPrimitives.Sum(p), p);
        }
    }

    /// <summary>
    /// Σ_i CE(softmax(logits[i]), targets[i]) with CE = −Σ_j y_j log p_j, computed as
    /// logsumexp(z) − Σ_j y_j z_j (valid for any targets that sum to one). Writes the
    /// probabilities to <paramref name="probs"/> for the pullback.
    /// </summary>
    public static T CrossEntropySum<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, Span<T> probs, int cols)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var total = T.Zero;
        for (var offset = 0; offset < logits.Length; offset += cols)
        {
            var z = logits.Slice(offset, cols);
            var p = probs.Slice(offset, cols);
            var max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, p);
            TensorPrimitives.Exp(p, p);
            var sum = TensorPrimitives.Sum(p);
            TensorPrimitives.Divide(p, sum, p);
            var y = targets.Slice(offset, cols);
            total += (max + T.Log(sum)) * TensorPrimitives.Sum(y) - TensorPrimitives.Dot(y, z);
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
