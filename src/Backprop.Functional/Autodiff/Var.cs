using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// A value on the tape: its tensor and the node that made it. A constant (data, labels) has no
/// node and receives no gradient. Vars only exist inside a running <see cref="Diff{T,A}"/>: a Var
/// kept past its run (in a closure, say) keeps its value only if the run returned it (as the
/// auxiliary output) or its value was read during the run; otherwise reading it says so.
/// </summary>
public sealed class Var<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int Read = 1, Expired = 2;

    private readonly Tensor<T> value;
    private int use;

    internal Var(Tensor<T> value, int node)
    {
        this.value = value;
        Node = node;
    }

    /// <summary>The tensor. Reading it keeps it: whatever runs later, it holds these numbers.</summary>
    public Tensor<T> Value
    {
        get
        {
            if (use == Expired)
                throw new InvalidOperationException($"this {this} was read after its run ended, and the run gave its memory back; " +
                    "return it from the program (the auxiliary output of ValueAndGrad) or read its Value inside the program");
            use = Read;
            return value;
        }
    }

    /// <summary>The tensor, for the library's own rules: reading it this way does not keep it past the run.</summary>
    internal Tensor<T> Raw => value;

    /// <summary>True once user code has read <see cref="Value"/>, so the run must not reuse its memory.</summary>
    internal bool WasRead => use == Read;

    /// <summary>Marks the value as reachable after the run (an auxiliary output).</summary>
    internal void Keep() => use = use == Expired ? Expired : Read;

    /// <summary>The run gave this value's memory back: a later read is an error, not other numbers.</summary>
    internal void Expire() => use = Expired;

    public Shape Shape => value.Shape;

    /// <summary>Index of the tape node that made this value, or −1 for a constant.</summary>
    internal int Node { get; }

    public bool IsConstant => Node < 0;

    public static Var<T> Constant(Tensor<T> value) => new(value, -1);

    public static implicit operator Var<T>(Tensor<T> value) => Constant(value);

    public override string ToString() => $"Var{Shape}{(IsConstant ? " (constant)" : "")}";
}
