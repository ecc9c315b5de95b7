using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// The state of <c>first.Then(second)</c>: both states, typed. Tree: "0/…" for the first, "1/…" for the second,
/// so a chain of three, a.Then(b).Then(c), stores "0/0/…", "0/1/…" and "1/…".
/// </summary>
public sealed record ChainState<T, S1, S2>(S1 First, S2 Second) : IOptState<T, ChainState<T, S1, S2>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where S1 : IOptState<T, S1>
    where S2 : IOptState<T, S2>
{
    public Params<T> ToParams() => StateTree.Merge(StateTree.Prefix("0", First.ToParams()), StateTree.Prefix("1", Second.ToParams()));

    public static Fin<ChainState<T, S1, S2>> FromParams(Params<T> tree) =>
        from first in S1.FromParams(StateTree.Unprefix("0", tree))
        from second in S2.FromParams(StateTree.Unprefix("1", tree))
        select new ChainState<T, S1, S2>(first, second);
}
