using System.Numerics;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// The untyped program a <see cref="Diff{T,A}"/> wraps: a value, a primitive step on the tape,
/// a bind, or a bind whose result is mapped (LINQ's Select and SelectMany with a projection, which the
/// loop applies itself instead of building a node for each result). Programs are data, run by a loop with
/// an explicit stack of continuations, so 10,000 binds (or a million) never deepen the call stack.
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

/// <summary>Runs First, then maps its value with Map (LINQ's Select).</summary>
internal sealed class MapNode<T>(DiffNode<T> first, Func<object?, object?> map) : DiffNode<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public DiffNode<T> First { get; } = first;
    public Func<object?, object?> Map { get; } = map;
}

/// <summary>Runs First, giving a; then the program Then.Next(a), giving b; its value is Then.Project(a, b) (LINQ's SelectMany with a projection).</summary>
internal sealed class BindMapNode<T>(DiffNode<T> first, Projection<T> then) : DiffNode<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public DiffNode<T> First { get; } = first;
    public Projection<T> Then { get; } = then;
}

/// <summary>The two functions of a SelectMany with a projection, untyped for the interpreter.</summary>
internal abstract class Projection<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public abstract DiffNode<T> Next(object? a);
    public abstract object? Project(object? a, object? b);
}

internal sealed class Projection<T, A, B, C>(Func<A, Diff<T, B>> next, Func<A, B, C> project) : Projection<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public override DiffNode<T> Next(object? a) => next((A)a!).Node;
    public override object? Project(object? a, object? b) => project((A)a!, (B)b!);
}
