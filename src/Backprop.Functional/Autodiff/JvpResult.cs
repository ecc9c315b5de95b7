using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>The output of a program and its tangent: y and ∂y·v for the tangent v the program was pushed with.</summary>
public sealed record JvpResult<T>(Tensor<T> Output, Tensor<T> Tangent)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
