using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Row-wise log-softmax, stable through log-sum-exp.</summary>
public static class LogSoftmaxKernel
{
    /// <summary>y[i, :] = x[i, :] − max − log Σ_j e^(x[i, j] − max).</summary>
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int cols) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Span<T> exp = cols <= 256 ? stackalloc T[cols] : new T[cols];        // a row of exponentials, on the stack when short
        for (var offset = 0; offset < x.Length; offset += cols)
        {
            var row = y.Slice(offset, cols);
            TensorPrimitives.Subtract(x.Slice(offset, cols), TensorPrimitives.Max(x.Slice(offset, cols)), row);
            TensorPrimitives.Exp(row, exp);
            TensorPrimitives.Subtract(row, T.Log(TensorPrimitives.Sum<T>(exp)), row);
        }
    }

    /// <summary>dx[i, :] = dy[i, :] − softmax(x[i, :])·Σ_j dy[i, j], with softmax = e^y.</summary>
    public static void LogSoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int cols) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var offset = 0; offset < dx.Length; offset += cols)
        {
            var row = dx.Slice(offset, cols);
            TensorPrimitives.Exp(y.Slice(offset, cols), row);
            TensorPrimitives.Multiply(row, -TensorPrimitives.Sum(dy.Slice(offset, cols)), row);
            TensorPrimitives.Add(row, dy.Slice(offset, cols), row);
        }
    }
}
