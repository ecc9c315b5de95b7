using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// The state of AdaGrad and RMSProp: the sum (AdaGrad) or moving average (RMSProp) of squared gradients,
/// a tree shaped like the parameters. Tree: "nu/&lt;path&gt;".
/// </summary>
public sealed record AccumulatorState<T>(Params<T> Nu) : IOptState<T, AccumulatorState<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Params<T> ToParams() => StateTree.Prefix("nu", Nu);
    public static Fin<AccumulatorState<T>> FromParams(Params<T> tree) => new AccumulatorState<T>(StateTree.Unprefix("nu", tree));
}
