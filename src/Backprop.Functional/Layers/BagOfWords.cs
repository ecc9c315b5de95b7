using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Bag of words: each row of token ids becomes the mean of its tokens' embeddings (order is forgotten), the
/// classic first text classifier: BagOfWords(vocabulary, dim).Then(Dense(classes)).
/// Inputs: ids [batch, length] as whole numbers in 0..vocabulary−1; rows shorter than length are padded with −1,
/// which is skipped (a row of padding gives zeros).
/// Returns: [batch, dim].
/// Parameters: "table" [vocabulary, dim] (standard normal unless given).
/// State: none.
/// </summary>
public static class BagOfWords
{
    public static Layer<T> Create<T>(int vocabulary, int dim, Func<Key, Shape, Tensor<T>>? init = null, string name = "bag_of_words")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Expect.Positive(vocabulary, nameof(vocabulary), name);
        Expect.Positive(dim, nameof(dim), name);
        var tableInit = init ?? Initialisers.Normal<T>(1.0);
        return x => Diff.Scope(name,
            from _ in Expect.Rank(x, 2, "bag of words needs ids [batch, length]")
            from ids in Ids.Read(x, vocabulary, allowPadding: true)
            from table in Diff.Param("table", new Shape(vocabulary, dim), tableInit)
            from y in Ops.BagMean(table, ids, x.Shape[1])
            select y);
    }
}
