using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// The state of Adam: the update count and the moving averages of the gradient (Mu) and of its square (Nu),
/// each a tree shaped like the parameters. Tree: "count", "mu/&lt;path&gt;", "nu/&lt;path&gt;".
/// </summary>
public sealed record AdamState<T>(int Count, Params<T> Mu, Params<T> Nu) : IOptState<T, AdamState<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Params<T> ToParams() => StateTree.Merge(StateTree.Count<T>(Count), StateTree.Prefix("mu", Mu), StateTree.Prefix("nu", Nu));
    public static Fin<AdamState<T>> FromParams(Params<T> tree) =>
        StateTree.ReadCount(tree).Map(c => new AdamState<T>(c, StateTree.Unprefix("mu", tree), StateTree.Unprefix("nu", tree)));
}
