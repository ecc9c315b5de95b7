using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Diagnostics;

/// <summary>
/// One node of a backward pass, in the order the pass reached it. <see cref="Node"/> is the scope path and rule name
/// ("dense_2/matmul"), or a parameter's path ("dense_2/w") for a leaf; <see cref="CotangentIn"/> is ∂L/∂(its output)
/// (for a parameter: its gradient); <see cref="CotangentsOut"/> are what its pullbacks sent to its inputs.
/// </summary>
public sealed record ChainRuleStep<T>(int Step, int Index, string Node, string Scope, string Rule, Shape OutputShape,
    Tensor<T> CotangentIn, ImmutableArray<ChainRuleEdge<T>> CotangentsOut)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>True for a parameter (a leaf of the tape): its cotangent is the gradient ValueAndGrad returns.</summary>
    public bool IsParameter => Rule.Length == 0;
}
