using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// An optimiser's state: an immutable value that converts to and from a <see cref="Params{T}"/> tree, so a
/// checkpoint stores it beside the parameters (under "opt/…"). Paths are relative: "count", "mu/dense_1/w";
/// a chain puts each part's state under its position, "0/…", "1/…".
/// </summary>
public interface IOptState<T, TSelf> where T : unmanaged, IBinaryFloatingPointIeee754<T> where TSelf : IOptState<T, TSelf>
{
    /// <summary>The state as a tree of tensors (counters as scalar tensors).</summary>
    Params<T> ToParams();

    /// <summary>The state read back from <see cref="ToParams"/>'s tree; an error names the missing path.</summary>
    static abstract Fin<TSelf> FromParams(Params<T> tree);
}
