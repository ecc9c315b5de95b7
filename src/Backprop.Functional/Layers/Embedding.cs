using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Embedding: each integer id picks a row of a learned table, y[..., :] = table[id, :].
/// Inputs: ids [batch, ...] as a tensor of whole numbers in 0..vocabulary−1 (so the layer composes like any other;
/// floats hold integers exactly up to 2^24). The ids are data: no gradient flows to them.
/// Returns: [batch, ..., dim].
/// Parameters: "table" [vocabulary, dim] (standard normal unless given, as in PyTorch).
/// State: none.
/// </summary>
public static class Embedding
{
    public static Layer<T> Create<T>(int vocabulary, int dim, Func<Key, Shape, Tensor<T>>? init = null, string name = "embedding")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Expect.Positive(vocabulary, nameof(vocabulary), name);
        Expect.Positive(dim, nameof(dim), name);
        var tableInit = init ?? Initialisers.Normal<T>(1.0);
        return x => Diff.Scope(name,
            from ids in Ids.Read(x, vocabulary, allowPadding: false)
            from table in Diff.Param("table", new Shape(vocabulary, dim), tableInit)
            from rows in Ops.Embed(table, ids)
            from y in Ops.Reshape(rows, new Shape([.. x.Shape.Dims, dim]))
            select y);
    }
}
