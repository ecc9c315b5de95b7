using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// A gradient transformation (optax style): two pure functions over an immutable, typed state.
/// <c>Init(params)</c> makes the first state; <c>Update(updates, state, params)</c> maps incoming updates
/// (at the start of a chain, the gradients) to outgoing ones and returns the next state. Nothing is mutated.
/// An optimiser is a chain of them, ending with a negative scale, and <see cref="Transforms.ApplyUpdates{T}"/>
/// adds its output to the parameters:
/// <code>
/// var opt = Transforms.ClipByGlobalNorm(1.0f).Then(Transforms.ScaleByAdam&lt;float&gt;()).Then(Transforms.Scale(-1e-3f));
/// var state = opt.Init(parameters);
/// var (updates, next) = opt.Update(grads, state, parameters);
/// parameters = Transforms.ApplyUpdates(parameters, updates);
/// </code>
/// </summary>
/// <param name="Init">params ↦ first state (moments start at zero, counters at 0).</param>
/// <param name="Update">(updates, state, params) ↦ (updates, state); updates and params are trees of one shape.</param>
public sealed record Transform<T, S>(
    Func<Params<T>, S> Init,
    Func<Params<T>, S, Params<T>, (Params<T> Updates, S State)> Update)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where S : IOptState<T, S>
{
    /// <summary>
    /// Optional: Update followed by ApplyUpdates in one pass, (updates, state, params) ↦ (params + update, state),
    /// giving bit for bit what the two steps give, without writing the update tree out. Scales set it and
    /// <see cref="TransformExtensions.Then{T,S1,S2}"/> keeps it when the chain ends in one, so a training step
    /// reads the parameters once instead of twice. Null means the two-step form is used.
    /// </summary>
    public Func<Params<T>, S, Params<T>, (Params<T> Params, S State)>? UpdateAndApply { get; init; }

    private (Func<Params<T>, S> Init, Delegate Update, Delegate? UpdateAndApply)? library;

    /// <summary>This transform, marked as the library's own (it keeps no tensor it is given or builds, except in its state).</summary>
    internal Transform<T, S> Library() => this with { library = (Init, Update, UpdateAndApply) };

    /// <summary>
    /// True when every function of this transform is the library's own, so a training step may run it in an arena
    /// and reuse the gradients' memory afterwards. A transform with any user function (or one changed with
    /// <c>with</c>) is not: it might keep what it is given.
    /// </summary>
    internal bool IsLibrary => library is { } l && ReferenceEquals(l.Init, Init) && ReferenceEquals(l.Update, Update)
        && ReferenceEquals(l.UpdateAndApply, UpdateAndApply);
}
