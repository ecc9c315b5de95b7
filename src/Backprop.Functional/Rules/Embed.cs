using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Embedding lookup: y[i, :] = table[ids[i], :] for a table [vocab, dim], giving [ids.Length, dim]. The ids
    /// are data (integers, not differentiable). dy gathers dtable the same way; ∂L/∂table[v, :] = Σ of dy[i, :] over the i with ids[i] = v.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> Embed<T>(Tensor<T> table, int[] ids)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var dim = CheckIds(table, ids, allowPadding: false);
        var y = Tensor<T>.Build(new Shape(ids.Length, dim), d => Lookup.Gather<T>(table.Span, ids, d, dim));
        Tensor<T> EmbedPushforward(Tensor<T> dtable) => Tensor<T>.Build(y.Shape, d => Lookup.Gather<T>(dtable.Span, ids, d, dim));
        Tensor<T> EmbedPullback(Tensor<T> dy) => Tensor<T>.Build(table.Shape, d => Lookup.ScatterAdd<T>(dy.Span, ids, d, dim));
        return new(y, EmbedPullback) { Pushforward = EmbedPushforward };
    }

    /// <summary>
    /// Bag of words: y[b, :] = the mean of table[ids[b, t], :] over the tokens of row b, for ids [batch, length]
    /// (row-major in <paramref name="ids"/>); negative ids are padding and are skipped, and a row of padding gives
    /// zeros. dy is the same mean of dtable; ∂L/∂table[v, :] = Σ over the tokens t of rows b with ids[b, t] = v of dy[b, :] / count_b.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> BagMean<T>(Tensor<T> table, int[] ids, int length)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var dim = CheckIds(table, ids, allowPadding: true);
        if (length <= 0 || ids.Length % length != 0)
            throw new ShapeException($"bag of words: {ids.Length} ids do not make rows of length {length}");
        var y = Tensor<T>.Build(new Shape(ids.Length / length, dim), d => Lookup.BagMean<T>(table.Span, ids, d, length, dim));
        Tensor<T> BagMeanPushforward(Tensor<T> dtable) => Tensor<T>.Build(y.Shape, d => Lookup.BagMean<T>(dtable.Span, ids, d, length, dim));
        Tensor<T> BagMeanPullback(Tensor<T> dy) => Tensor<T>.Build(table.Shape, d => Lookup.BagMeanBackward<T>(dy.Span, ids, d, length, dim));
        return new(y, BagMeanPullback) { Pushforward = BagMeanPushforward };
    }

    private static int CheckIds<T>(Tensor<T> table, int[] ids, bool allowPadding)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (table.Rank != 2) throw new ShapeException($"an embedding table is [vocab, dim], got {table.Shape}");
        var bad = Array.FindIndex(ids, id => id >= table.Shape[0] || (id < 0 && !allowPadding));
        return bad < 0 ? table.Shape[1]
            : throw new ShapeException($"id {ids[bad]} at position {bad} is outside the vocabulary 0..{table.Shape[0] - 1}");
    }
}
