using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>The index of the largest element of each row (a prediction from logits).</summary>
public static class ArgMax
{
    public static int[] Rows<T>(ReadOnlySpan<T> x, int cols) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new int[cols == 0 ? 0 : x.Length / cols];
        for (var i = 0; i < result.Length; i++) result[i] = TensorPrimitives.IndexOfMax(x.Slice(i * cols, cols));
        return result;
    }
}
