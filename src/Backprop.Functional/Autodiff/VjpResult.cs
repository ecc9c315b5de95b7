using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>The output of y = f(x; params) and the pullback of a cotangent w: wᵀ∂y/∂x and wᵀ∂y/∂params.</summary>
public sealed record VjpResult<T>(Tensor<T> Output, Tensor<T> InputGrad, Params<T> ParamGrads)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
