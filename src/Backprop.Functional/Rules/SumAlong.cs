using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>s = Σ x along <paramref name="axis"/> (kept with size 1 when <paramref name="keepDims"/>). ds = dx summed the same way; ∂L/∂x = ds stretched back along the axis.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Sum<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var s = x.Sum(axis, keepDims: true);
        Tensor<T> SumPushforward(Tensor<T> dx) => dx.Sum(axis, keepDims);
        Tensor<T> SumPullback(Tensor<T> ds) => ds.Reshape(s.Shape).BroadcastTo(x.Shape);
        return new(keepDims ? s : x.Sum(axis), SumPullback) { Pushforward = SumPushforward };
    }

    /// <summary>m = the mean of x along <paramref name="axis"/>. dm = the mean of dx the same way; ∂L/∂x = dm / n stretched back along the axis.</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Mean<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = x.Mean(axis, keepDims: true);
        var n = T.CreateChecked(x.Size / Math.Max(1, m.Size));
        Tensor<T> MeanPushforward(Tensor<T> dx) => dx.Mean(axis, keepDims);
        Tensor<T> MeanPullback(Tensor<T> dm) => (dm.Reshape(m.Shape) / n).BroadcastTo(x.Shape);
        return new(keepDims ? m : m.Reshape(new Shape([.. x.Shape.Dims.RemoveAt(axis < 0 ? axis + x.Rank : axis)])), MeanPullback) { Pushforward = MeanPushforward };
    }
}
