using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>Composition of transformations: chaining, masking to a subtree, freezing a subtree.</summary>
public static class TransformExtensions
{
    /// <summary>
    /// <paramref name="first"/>, then <paramref name="second"/> on its output: a chain applies its parts left to
    /// right, each seeing the previous one's updates. Order matters:
    /// <c>ClipByGlobalNorm(1).Then(Scale(-0.1))</c> clips the gradient to norm 1, then scales: the step has norm ≤ 0.1;
    /// <c>Scale(-0.1).Then(ClipByGlobalNorm(1))</c> scales first, then clips the step itself to norm ≤ 1.
    /// Likewise <c>L2Penalty(λ).Then(ScaleByAdam())</c> is L2 regularisation (the penalty is rescaled by Adam)
    /// while <c>ScaleByAdam().Then(L2Penalty(λ))</c> is AdamW's decoupled decay (it is not).
    /// The state is the typed pair <see cref="ChainState{T,S1,S2}"/>.
    /// </summary>
    public static Transform<T, ChainState<T, S1, S2>> Then<T, S1, S2>(this Transform<T, S1> first, Transform<T, S2> second)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where S1 : IOptState<T, S1> where S2 : IOptState<T, S2> =>
        OwnIf(first.IsLibrary && second.IsLibrary, new Transform<T, ChainState<T, S1, S2>>(p => new(first.Init(p), second.Init(p)), (u, s, p) =>
        {
            var (u1, s1) = first.Update(u, s.First, p);
            var (u2, s2) = second.Update(u1, s.Second, p);
            return (u2, new(s1, s2));
        })
        {
            UpdateAndApply = second.UpdateAndApply is { } apply ? (u, s, p) =>
            {
                var (u1, s1) = first.Update(u, s.First, p);
                var (p2, s2) = apply(u1, s.Second, p);
                return (p2, new(s1, s2));
            } : null,
        });

    /// <summary>
    /// Applies <paramref name="inner"/> only to the parameters under <paramref name="scope"/> ("encoder_1" holds
    /// "encoder_1/dense_1/w", ...); every other update passes through unchanged. The state is the inner state over
    /// that subtree alone. Init throws <see cref="ArgumentException"/> when the scope matches no parameter.
    /// </summary>
    public static Transform<T, S> Masked<T, S>(this Transform<T, S> inner, string scope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where S : IOptState<T, S>
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return OwnIf(inner.IsLibrary, new Transform<T, S>(p => inner.Init(Sub(p, scope)), (u, s, p) =>
        {
            var (sub, next) = inner.Update(u.Subtree(scope), s, p.Subtree(scope));
            return (u.MapWithPath((path, t) => Params<T>.InScope(path, scope) ? sub[path] : t), next);
        }));
    }

    /// <summary>
    /// This optimiser with the parameters under <paramref name="scope"/> frozen: their updates are zero (fine-tuning the
    /// rest of a network). Same as <c>opt.Then(Transforms.Freeze(scope))</c>.
    /// </summary>
    public static Transform<T, ChainState<T, S, EmptyState<T>>> Freezing<T, S>(this Transform<T, S> optimiser, string scope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where S : IOptState<T, S> =>
        optimiser.Then(Transforms.Freeze<T>(scope));

    /// <summary>
    /// One optimiser step on the parameters: updates from the gradients, then θ′ = θ + u (fused into one pass when the
    /// chain ends in a scale, see <see cref="Transform{T,S}.UpdateAndApply"/>; the result is the same to the bit).
    /// </summary>
    public static (Params<T> Params, S State) Step<T, S>(this Transform<T, S> optimiser, Params<T> parameters, Params<T> grads, S state)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where S : IOptState<T, S>
    {
        if (optimiser.UpdateAndApply is { } fused) return fused(grads, state, parameters);
        var (updates, next) = optimiser.Update(grads, state, parameters);
        return (Transforms.ApplyUpdates(parameters, updates), next);
    }

    private static Transform<T, S> OwnIf<T, S>(bool library, Transform<T, S> t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where S : IOptState<T, S> => library ? t.Library() : t;

    private static Params<T> Sub<T>(Params<T> p, string scope) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        p.Subtree(scope) is { Count: > 0 } sub ? sub
        : throw new ArgumentException($"masked: scope '{scope}' matches no parameter; the tree has {string.Join(", ", p.Paths)}", nameof(scope));
}
