using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>One node of the Wengert list: up to two taped inputs with their pullbacks, or a named leaf.</summary>
internal readonly record struct TapeEntry<T>(
    int X, Func<Tensor<T>, Tensor<T>>? PullbackX,
    int Y, Func<Tensor<T>, Tensor<T>>? PullbackY,
    string? Leaf)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
