using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// A program's output and its linearisation at that point: <see cref="Map"/> takes a tangent of the inputs to the
/// tangent of the output (v ↦ J·v) by replaying the recorded pushforwards, without running the program again.
/// A tangent of the wrong shape is an error naming both shapes.
/// </summary>
public sealed record Linearized<T, TIn>(Tensor<T> Output, Func<TIn, Fin<Tensor<T>>> Map)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
