using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Optimisers;

/// <summary>The state of a scheduled transformation: how many updates it has made. Tree: "count" (a scalar).</summary>
public sealed record CountState<T>(int Count) : IOptState<T, CountState<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Params<T> ToParams() => StateTree.Count<T>(Count);
    public static Fin<CountState<T>> FromParams(Params<T> tree) => StateTree.ReadCount(tree).Map(c => new CountState<T>(c));
}
