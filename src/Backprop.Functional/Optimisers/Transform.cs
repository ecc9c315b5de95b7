using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// A gradient transformation (optax's GradientTransformation): a name and two pure functions over an opaque,
/// immutable <see cref="OptState{T}"/>. <c>Init(params)</c> makes the first state; <c>Update(updates, state, params,
/// extra)</c> maps incoming updates (at the start of a chain, the gradients) to outgoing ones and returns the next
/// state. Nothing is mutated. An optimiser is a chain of them ending with a negative scale, and
/// <see cref="TransformExtensions.Step{T}"/> adds its output to the parameters:
/// <code>
/// var opt = Transforms.Chain(Transforms.ClipByGlobalNorm(1.0f), Transforms.ScaleByAdam&lt;float&gt;(), Transforms.Scale(-1e-3f));
/// var state = opt.Init(parameters);
/// (parameters, state) = opt.Step(parameters, grads, state);
/// </code>
/// </summary>
/// <param name="Name">The name of its state in a chain and in a checkpoint ("adam" gives "adam/mu/dense_1/w"); no '/'.</param>
/// <param name="Init">params ↦ first state (moments start at zero, counters at 0).</param>
/// <param name="Update">(updates, state, params, extra) ↦ (updates, state); updates and params are trees of one shape.</param>
public sealed record Transform<T>(
    string Name,
    Func<Params<T>, OptState<T>> Init,
    Func<Params<T>, OptState<T>, Params<T>, ExtraArgs<T>, (Params<T> Updates, OptState<T> State)> Update)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public string Name { get; init; } = ValidName(Name);

    /// <summary>
    /// Optional: Update followed by adding the updates to the parameters in one pass, giving bit for bit what the two
    /// steps give. Scales set it and a chain keeps it when it ends in one, so a training step reads the parameters
    /// once instead of twice. Null means the two-step form is used.
    /// </summary>
    public Func<Params<T>, OptState<T>, Params<T>, ExtraArgs<T>, (Params<T> Params, OptState<T> State)>? UpdateAndApply { get; init; }

    /// <summary>
    /// The factor when this is a plain scale (SGD: u = factor·g, no state), else null. A training step then takes
    /// the gradient norms in the update's own pass over the gradients (the same bits as the two passes).
    /// </summary>
    internal T? Factor { get; init; }

    /// <summary>The named parts when this is a chain (a chain inside a chain is spliced into it); empty otherwise.</summary>
    public ImmutableArray<(string Name, Transform<T> Part)> Parts { get; init; } = [];

    private (Delegate Init, Delegate Update, Delegate? UpdateAndApply)? library;

    /// <summary>This transform, marked as the library's own (it keeps no tensor it is given or builds, except in its state).</summary>
    internal Transform<T> Library() => this with { library = (Init, Update, UpdateAndApply) };

    /// <summary>
    /// True when every function of this transform is the library's own, so a training step may run it in an arena
    /// and reuse the gradients' memory afterwards. A transform with any user function (or one changed with
    /// <c>with</c>) is not: it might keep what it is given.
    /// </summary>
    internal bool IsLibrary => library is { } l && ReferenceEquals(l.Init, Init) && ReferenceEquals(l.Update, Update)
        && ReferenceEquals(l.UpdateAndApply, UpdateAndApply);

    public override string ToString() => Parts.IsEmpty ? Name : $"{Name}({string.Join(", ", Parts.Select(p => p.Name))})";

    internal static string ValidName(string name) =>
        string.IsNullOrEmpty(name) || name.Contains('/')
            ? throw new ArgumentException($"a transform's name must be non-empty and hold no '/', got '{name}'", nameof(name))
            : name;
}
