using System.Numerics;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// The untyped program a <see cref="Diff{T,A}"/> wraps: a value, a primitive step on the tape,
/// or a bind. Programs are data, run by a loop with an explicit stack of continuations,
/// so 10,000 binds (or a million) never deepen the call stack.
/// </summary>
internal abstract class DiffNode<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>;

internal sealed class PureNode<T>(object? value) : DiffNode<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public object? Value { get; } = value;
}

internal sealed class StepNode<T>(Func<Tape<T>, object?> step) : DiffNode<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Func<Tape<T>, object?> Step { get; } = step;
}

internal sealed class BindNode<T>(DiffNode<T> first, Func<object?, DiffNode<T>> then) : DiffNode<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public DiffNode<T> First { get; } = first;
    public Func<object?, DiffNode<T>> Then { get; } = then;
}
