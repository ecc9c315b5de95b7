using Backprop.Functional.Kernels;

namespace Backprop.Functional.Tensors;

/// <summary>Transposes, matrix products, slices and concatenation.</summary>
public sealed partial class Tensor<T>
{
    /// <summary>The axes in reverse order (for a matrix, its transpose; PyTorch's x.mT for rank 2, NumPy's x.T).</summary>
    public Tensor<T> Transpose() => Permute([.. Enumerable.Range(0, Rank).Reverse()]);

    /// <summary>Axis a of the result is axis <paramref name="axes"/>[a] of this tensor (NumPy's transpose(axes), PyTorch's permute).</summary>
    public Tensor<T> Permute(params int[] axes)
    {
        var normal = axes.Select(a => a < 0 ? a + Rank : a).ToArray();
        if (normal.Length != Rank || normal.Any(a => a < 0 || a >= Rank) || normal.Distinct().Count() != Rank)
            throw new ShapeException($"permute of {Shape} needs each of its {Rank} axes once, got [{string.Join(", ", axes)}]");
        if (normal.Select((a, i) => a == i).All(b => b)) return this;
        return Build(new Shape([.. normal.Select(a => Shape[a])]), d => Kernels.Permute.Axes(Span, Shape.Dims.AsSpan(), normal, d));
    }

    /// <summary>
    /// The matrix product over the last two axes: [m, k]·[k, n] → [m, n], and batched, [..., m, k]·[..., k, n] → [..., m, n]
    /// with equal leading axes (or a plain matrix on the right, shared by every batch).
    /// </summary>
    public Tensor<T> MatMul(Tensor<T> b)
    {
        var a = this;
        if (a.Rank < 2 || b.Rank < 2 || a.Shape[-1] != b.Shape[-2] || (b.Rank > 2 && a.Shape.Dims[..^2] is var lead && !lead.SequenceEqual(b.Shape.Dims[..^2])))
            throw new ShapeException($"matmul needs [..., m, k]·[..., k, n] with equal leading axes (or [k, n] on the right), got {a.Shape}·{b.Shape}");
        int m = a.Shape[-2], k = a.Shape[-1], n = b.Shape[-1], batches = a.Size / Math.Max(1, m * k);
        var shape = new Shape([.. a.Shape.Dims[..^2], m, n]);
        if (m * k == 0) return Zeros(shape);
        return Build(shape, d =>
        {
            for (var i = 0; i < batches; i++)
                Gemm.Multiply(a.Span.Slice(i * m * k, m * k), false, b.Rank == 2 ? b.Span : b.Span.Slice(i * k * n, k * n), false,
                    d.Slice(i * m * n, m * n), m, n, k);
        });
    }

    /// <summary>Elements start..start + count along <paramref name="axis"/>, copied.</summary>
    public Tensor<T> Slice(int axis, int start, int count)
    {
        var a = Axis(axis, "slice");
        if (start < 0 || count < 0 || start + count > Shape[a])
            throw new ShapeException($"slice {start}..{start + count} of axis {axis} does not fit {Shape}");
        var (outer, inner) = (Shape.Dims[..a].Aggregate(1, (p, q) => p * q), Shape.Dims[(a + 1)..].Aggregate(1, (p, q) => p * q));
        return Build(new Shape([.. Shape.Dims.SetItem(a, count)]), d => Blocks.Slice<T>(Span, d, outer, Shape[a], inner, start, count));
    }

    /// <summary>The tensors side by side along <paramref name="axis"/>; their other axes must agree.</summary>
    public static Tensor<T> Concat(int axis, params Tensor<T>[] parts)
    {
        if (parts.Length == 0) throw new ShapeException("concat needs at least one tensor");
        var first = parts[0];
        var a = first.Axis(axis, "concat");
        if (parts.Any(p => p.Rank != first.Rank || !p.Shape.Dims.RemoveAt(a).SequenceEqual(first.Shape.Dims.RemoveAt(a))))
            throw new ShapeException($"concat along axis {axis} needs shapes that differ only there, got {string.Join(", ", parts.Select(p => p.Shape))}");
        var total = parts.Sum(p => p.Shape[a]);
        var (outer, inner) = (first.Shape.Dims[..a].Aggregate(1, (p, q) => p * q), first.Shape.Dims[(a + 1)..].Aggregate(1, (p, q) => p * q));
        return Build(new Shape([.. first.Shape.Dims.SetItem(a, total)]), d =>
        {
            var at = 0;
            foreach (var p in parts)
            {
                Blocks.Place<T>(p.Span, d, outer, total, inner, at, p.Shape[a]);
                at += p.Shape[a];
            }
        });
    }
}
