using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>What <see cref="Diff.ValueAndGrad{T}"/> returns: the loss, ∂loss/∂params, the auxiliary outputs and the new layer state.</summary>
public sealed record GradResult<T, A>(T Loss, Params<T> Grads, A Aux, Params<T> State)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public void Deconstruct(out T loss, out Params<T> grads) => (loss, grads) = (Loss, Grads);
}
