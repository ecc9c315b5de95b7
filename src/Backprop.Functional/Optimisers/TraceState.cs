using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Optimisers;

/// <summary>The state of momentum: the velocity, a tree shaped like the parameters. Tree: "trace/&lt;path&gt;".</summary>
public sealed record TraceState<T>(Params<T> Trace) : IOptState<T, TraceState<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Params<T> ToParams() => StateTree.Prefix("trace", Trace);
    public static Fin<TraceState<T>> FromParams(Params<T> tree) => new TraceState<T>(StateTree.Unprefix("trace", tree));
}
