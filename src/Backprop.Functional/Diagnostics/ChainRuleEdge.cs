using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Diagnostics;

/// <summary>
/// A cotangent a node sent back to one of its inputs: <see cref="Input"/> is the parameter's path when the input is a
/// parameter ("dense_1/w"), else "x" or "y"; <see cref="To"/> names the node that receives it.
/// </summary>
public sealed record ChainRuleEdge<T>(string Input, string To, Tensor<T> Cotangent)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
