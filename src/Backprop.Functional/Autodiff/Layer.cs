using System.Numerics;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// A layer is a Kleisli arrow: a function from a value on the tape to a program yielding the next.
/// Composing layers (<see cref="LayerExtensions.Then{T}"/>) composes their pullbacks in reverse.
/// </summary>
public delegate Diff<T, Var<T>> Layer<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>;
