using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// One node of the Wengert list: up to two taped inputs with their pullbacks, or a named leaf. A rule's node may
/// carry the rule's name ("matmul") and the scope it ran in ("mlp_1/dense_2"), for chain-rule traces; both are
/// references the tape already holds, so naming costs no allocation. <c>User</c>: the pullbacks are user code
/// (a rule lifted with <see cref="Diff.Lift{T}(Func{Tensor{T}, Rules.Pulled{Tensor{T}, Tensor{T}}}, Var{T})"/>), not the library's.
/// The pushforwards, where the rule gave them, let the tape be replayed forwards as a linear map (linearisation).
/// </summary>
internal readonly record struct TapeEntry<T>(
    int X, Func<Tensor<T>, Tensor<T>>? PullbackX,
    int Y, Func<Tensor<T>, Tensor<T>>? PullbackY,
    string? Leaf, string? Name = null, string Scope = "", bool User = false,
    Func<Tensor<T>, Tensor<T>>? PushforwardX = null, Func<Tensor<T>, Tensor<T>>? PushforwardY = null)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
