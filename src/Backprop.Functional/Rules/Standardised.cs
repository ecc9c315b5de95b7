using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

/// <summary>A standardisation rule's result: x̂ with its pullback, and the statistics it used (per channel).</summary>
public readonly record struct Standardised<T>(Pulled<Tensor<T>, Tensor<T>> Pulled, Tensor<T> Mean, Tensor<T> Variance)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
