using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Optimisers;

/// <summary>Helpers that put optimiser state into a tree and take it out again.</summary>
public static class StateTree
{
    /// <summary>Every path of <paramref name="tree"/> moved under <paramref name="prefix"/>: "w" becomes "prefix/w".</summary>
    public static Params<T> Prefix<T>(string prefix, Params<T> tree) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Params<T>.From(tree.Select(e => KeyValuePair.Create(prefix + "/" + e.Key, e.Value)));

    /// <summary>The entries under <paramref name="prefix"/> with the prefix taken off.</summary>
    public static Params<T> Unprefix<T>(string prefix, Params<T> tree) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Params<T>.From(tree.Where(e => e.Key.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Select(e => KeyValuePair.Create(e.Key[(prefix.Length + 1)..], e.Value)));

    /// <summary>The union of trees whose paths do not overlap.</summary>
    public static Params<T> Merge<T>(params Params<T>[] trees) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Params<T>.From(trees.SelectMany(t => t));

    /// <summary>A step counter as a scalar tensor (exact up to 2²⁴ steps in float).</summary>
    public static Params<T> Count<T>(int count) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Params<T>.Empty.With("count", Tensor<T>.Scalar(T.CreateChecked(count)));

    /// <summary>The counter stored by <see cref="Count{T}"/>.</summary>
    public static Fin<int> ReadCount<T>(Params<T> tree) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        tree.Find("count").Bind(t => t.Size == 1 && T.IsInteger(t.ToScalar()) && t.ToScalar() >= T.Zero
            ? Fin<int>.Succ(int.CreateChecked(t.ToScalar()))
            : Error.New($"optimiser state 'count' must be one non-negative integer, got {t}"));
}
