using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// A value on the tape: its tensor and the node that made it. A constant (data, labels) has no
/// node and receives no gradient. Vars only exist inside a running <see cref="Diff{T,A}"/>.
/// </summary>
public sealed class Var<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    internal Var(Tensor<T> value, int node)
    {
        Value = value;
        Node = node;
    }

    public Tensor<T> Value { get; }
    public Shape Shape => Value.Shape;

    /// <summary>Index of the tape node that made this value, or −1 for a constant.</summary>
    internal int Node { get; }

    public bool IsConstant => Node < 0;

    public static Var<T> Constant(Tensor<T> value) => new(value, -1);

    public static implicit operator Var<T>(Tensor<T> value) => Constant(value);

    public override string ToString() => $"Var{Shape}{(IsConstant ? " (constant)" : "")}";
}
