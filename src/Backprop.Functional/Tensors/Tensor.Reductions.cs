using Backprop.Functional.Kernels;

namespace Backprop.Functional.Tensors;

/// <summary>
/// Reductions along an axis (negative counts from the end). With <c>keepDims</c> the axis stays with size 1, so the
/// result broadcasts against the input: <c>x - x.Mean(-1, keepDims: true)</c> centres every row.
/// </summary>
public sealed partial class Tensor<T>
{
    public Tensor<T> Sum(int axis, bool keepDims = false) => Along(axis, keepDims, "sum", Reduce.Sum);

    public Tensor<T> Mean(int axis, bool keepDims = false) =>
        Sum(axis, keepDims) / T.CreateChecked(Shape[Axis(axis, "mean")]);

    /// <summary>The largest element along the axis (the axis must not be empty).</summary>
    public Tensor<T> Max(int axis, bool keepDims = false) => Along(axis, keepDims, "max", Reduce.Max, needsElements: true);

    /// <summary>The smallest element along the axis (the axis must not be empty).</summary>
    public Tensor<T> Min(int axis, bool keepDims = false) => Along(axis, keepDims, "min", Reduce.Min, needsElements: true);

    /// <summary>
    /// The sum that undoes a broadcast to this tensor's shape: every axis that <paramref name="shape"/> stretched
    /// (size 1 there, or missing in front) is summed. The pullback of z = x + y is (dz.SumTo(x.Shape), dz.SumTo(y.Shape)).
    /// </summary>
    public Tensor<T> SumTo(Shape shape)
    {
        if (shape == Shape) return this;
        if (!shape.BroadcastsTo(Shape))
            throw new ShapeException($"sum-to {shape} needs a shape that broadcasts to {Shape}");
        var lead = Rank - shape.Rank;
        var t = this;
        for (var a = Rank - 1; a >= 0; a--)
            if (a < lead || (shape[a - lead] == 1 && Shape[a] != 1)) t = t.Sum(a, keepDims: a >= lead);
        return t.Reshape(shape);
    }

    /// <summary>This tensor stretched to <paramref name="shape"/> by broadcasting, copied (NumPy's broadcast_to).</summary>
    public Tensor<T> BroadcastTo(Shape shape)
    {
        if (shape == Shape) return this;
        if (!Shape.BroadcastsTo(shape)) throw new ShapeException($"cannot broadcast {Shape} to {shape}");
        return Build(shape, d => Kernels.Broadcast.To(Span, Shape.Dims.AsSpan(), d, shape.Dims.AsSpan()));
    }

    private delegate void Reducer(ReadOnlySpan<T> x, Span<T> d, int outer, int n, int inner);

    private Tensor<T> Along(int axis, bool keepDims, string op, Reducer reduce, bool needsElements = false)
    {
        var a = Axis(axis, op);
        if (needsElements && Shape[a] == 0) throw new ShapeException($"{op} along axis {axis} of {Shape}: the axis is empty");
        var (outer, inner) = (Shape.Dims[..a].Aggregate(1, (p, n) => p * n), Shape.Dims[(a + 1)..].Aggregate(1, (p, n) => p * n));
        var dims = keepDims ? Shape.Dims.SetItem(a, 1) : Shape.Dims.RemoveAt(a);
        return Build(new Shape([.. dims]), d => reduce(Span, d, outer, Shape[a], inner));
    }

    /// <summary>The axis counted from 0, or a shape error naming the tensor's shape.</summary>
    private int Axis(int axis, string op) =>
        (axis < 0 ? Rank + axis : axis) is var a && a >= 0 && a < Rank ? a
        : throw new ShapeException($"{op}: axis {axis} does not exist in {Shape} (rank {Rank})");
}
