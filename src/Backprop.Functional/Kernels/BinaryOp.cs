namespace Backprop.Functional.Kernels;

/// <summary>The element-wise binary operations <see cref="Broadcast"/> applies; comparisons give 1 where true, else 0.</summary>
public enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Maximum,
    Minimum,
    Power,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
}
