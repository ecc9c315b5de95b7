using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Optimisers;

/// <summary>Composition and use of transformations: chaining, masking and freezing subtrees, a step, a restore.</summary>
public static class TransformExtensions
{
    /// <summary><paramref name="first"/>, then <paramref name="second"/> on its output: <c>Transforms.Chain(first, second)</c>.</summary>
    public static Transform<T> Then<T>(this Transform<T> first, Transform<T> second) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Transforms.Chain(first, second);

    /// <summary>
    /// Applies <paramref name="inner"/> only to the parameters under <paramref name="scope"/> ("encoder_1" holds
    /// "encoder_1/dense_1/w", ...); every other update passes through unchanged. The state is the inner state over
    /// that subtree alone, under the inner name. Init throws <see cref="ArgumentException"/> when the scope matches
    /// no parameter.
    /// </summary>
    public static Transform<T> Masked<T>(this Transform<T> inner, string scope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        var masked = new Transform<T>(inner.Name, p => inner.Init(Sub(p, scope)), (u, s, p, x) =>
        {
            var (sub, next) = inner.Update(u.Subtree(scope), s, p.Subtree(scope), x);
            return (u.MapWithPath((path, t) => Params<T>.InScope(path, scope) ? sub[path] : t), next);
        });
        return inner.IsLibrary ? masked.Library() : masked;
    }

    /// <summary>This optimiser with the parameters under <paramref name="scope"/> frozen (fine-tuning the rest): <c>opt.Then(Transforms.Freeze(scope))</c>.</summary>
    public static Transform<T> Freezing<T>(this Transform<T> optimiser, string scope) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        optimiser.Then(Transforms.Freeze<T>(scope));

    /// <summary>
    /// One optimiser step on the parameters: updates from the gradients, then θ′ = θ + u (fused into one pass when the
    /// chain ends in a scale, see <see cref="Transform{T}.UpdateAndApply"/>; the result is the same to the bit).
    /// </summary>
    public static (Params<T> Params, OptState<T> State) Step<T>(
        this Transform<T> optimiser, Params<T> parameters, Params<T> grads, OptState<T> state, ExtraArgs<T>? extra = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = extra ?? ExtraArgs<T>.None;
        if (optimiser.UpdateAndApply is { } fused) return fused(grads, state, parameters, x);
        var (updates, next) = optimiser.Update(grads, state, parameters, x);
        return (parameters + updates, next);
    }

    /// <summary>
    /// <see cref="Step{T}"/> that donates its inputs (JAX's donate_argnums), for a hand-written training loop: the memory
    /// of <paramref name="parameters"/>, <paramref name="grads"/> and <paramref name="state"/> goes back to the buffer
    /// pool once the new parameters and state exist, and the optimiser's temporaries are pooled too, so a steady-state
    /// step allocates next to nothing. The result is the same to the bit as Step's. Afterwards the inputs are gone:
    /// reading one of their tensors (indexing it, its Span, ToArray, or passing the old parameters to Diff.Run) throws
    /// an <see cref="InvalidOperationException"/> saying it was donated. Copy what must outlive the step first
    /// (<see cref="Params{T}.Copy"/>), including the initial parameters if you want to keep them. A tensor the new
    /// parameters or state still use is not given back.
    /// <code>
    /// var (loss, grads) = Diff.ValueAndGrad(objective, parameters).OrThrow();
    /// (parameters, state) = optimiser.StepDonating(parameters, grads, state);
    /// </code>
    /// </summary>
    public static (Params<T> Params, OptState<T> State) StepDonating<T>(
        this Transform<T> optimiser, Params<T> parameters, Params<T> grads, OptState<T> state, ExtraArgs<T>? extra = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (next, nextState) = optimiser.PooledStep(parameters, grads, state, extra ?? ExtraArgs<T>.None, []);
        var alive = new List<Tensor<T>>(next.Count);
        alive.AddRange(next.Tensors.AsSpan());
        nextState.AddTensorsTo(alive);
        var dead = new List<Tensor<T>>(parameters.Count + grads.Count);
        dead.AddRange(parameters.Tensors.AsSpan());
        dead.AddRange(grads.Tensors.AsSpan());
        state.AddTensorsTo(dead);
        TensorArena<T>.Donate(CollectionsMarshal.AsSpan(dead), CollectionsMarshal.AsSpan(alive));
        return (next, nextState);
    }

    /// <summary>
    /// <see cref="Step{T}"/>, in an arena when the optimiser is the library's own, so its temporaries go back to the pool.
    /// Every tensor of the old and new parameters and state is added to <paramref name="alive"/>, along with what the
    /// caller put there; those buffers are not given back. An optimiser with user code in it runs as it is.
    /// </summary>
    internal static (Params<T> Params, OptState<T> State) PooledStep<T>(
        this Transform<T> optimiser, Params<T> parameters, Params<T> grads, OptState<T> state, ExtraArgs<T> extra, List<Tensor<T>> alive)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        optimiser.IsLibrary ? Pooled(() => optimiser.Step(parameters, grads, state, extra), parameters, state, alive)
        : optimiser.Step(parameters, grads, state, extra);

    /// <summary>Runs <paramref name="step"/>, the library's own, in an arena (see <see cref="PooledStep{T}"/>).</summary>
    internal static (Params<T> Params, OptState<T> State) Pooled<T>(
        Func<(Params<T> Params, OptState<T> State)> step, Params<T> parameters, OptState<T> state, List<Tensor<T>> alive)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var arena = TensorArena<T>.Enter();
        (Params<T> Params, OptState<T> State) next;
        try { next = step(); }
        catch
        {
            arena.Abandon();
            throw;
        }
        alive.AddRange(next.Params.Tensors.AsSpan());
        next.State.AddTensorsTo(alive);
        alive.AddRange(parameters.Tensors.AsSpan());
        state.AddTensorsTo(alive);
        arena.Exit(CollectionsMarshal.AsSpan(alive), lend: false);
        return next;
    }

    /// <summary>
    /// The optimiser state stored as <paramref name="tree"/> (from <see cref="OptState{T}.ToParams"/>, e.g. a checkpoint's
    /// "opt/…" entries), read against this optimiser's own first state for <paramref name="parameters"/>: every path
    /// must be there with its shape, counters must be whole and non-negative, and nothing else may be. The error names
    /// the path and both shapes.
    /// </summary>
    public static Fin<OptState<T>> Restore<T>(this Transform<T> optimiser, Params<T> parameters, Params<T> tree)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var template = optimiser.Init(parameters);
        var expected = template.Entries("").Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var extra = tree.Paths.Where(p => !expected.Contains(p)).ToArray();
        return extra.Length > 0
            ? Error.New($"optimiser state: '{extra[0]}' is not part of {optimiser} (it stores {Describe(expected)}){(extra.Length > 1 ? $"; {extra.Length - 1} more unknown" : "")}")
            : Read(template, tree, "");
    }

    private static Fin<OptState<T>> Read<T>(OptState<T> template, Params<T> tree, string prefix) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var state = template;
        foreach (var name in template.Counts.Keys)
        {
            var count = Scalar(tree, prefix + name).Bind(v => T.IsInteger(v) && v >= T.Zero && v <= T.CreateChecked(int.MaxValue)
                ? Fin<int>.Succ(int.CreateChecked(v))
                : Error.New($"optimiser state '{prefix}{name}' must be a whole number ≥ 0, got {v}"));
            if (count.IsFail) return count.Map(_ => state);
            state = state.WithCount(name, count.Match(c => c, _ => 0));
        }
        foreach (var name in template.Scalars.Keys)
        {
            var value = Scalar(tree, prefix + name);
            if (value.IsFail) return value.Map(_ => state);
            state = state.WithScalar(name, value.Match(v => v, _ => T.Zero));
        }
        foreach (var (name, shape) in template.Trees)
        {
            var read = shape.Select(e => (e.Key, Found: Tensor(tree, $"{prefix}{name}/{e.Key}", e.Value.Shape))).ToArray();
            if (read.FirstOrDefault(r => r.Found.IsFail) is { Key: not null } bad) return bad.Found.Map(_ => state);
            state = state.WithTree(name, Params<T>.From(read.Select(r => KeyValuePair.Create(r.Key, r.Found.Match(t => t, _ => null!)))));
        }
        foreach (var (name, part) in template.Parts)
        {
            var read = Read(part, tree, $"{prefix}{name}/");
            if (read.IsFail) return read;
            state = state.WithPart(name, read.Match(p => p, _ => part));
        }
        return state;
    }

    private static Fin<T> Scalar<T>(Params<T> tree, string path) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Tensor(tree, path, Shape.Scalar).Map(t => t.ToScalar());

    private static Fin<Tensor<T>> Tensor<T>(Params<T> tree, string path, Shape shape) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        !tree.Contains(path) ? Error.New($"optimiser state: '{path}' is missing (expected shape {shape})")
        : tree[path] is var t && t.Shape != shape ? Error.New($"optimiser state: '{path}' has shape {t.Shape}, the optimiser expects {shape}")
        : t;

    private static string Describe(IReadOnlyCollection<string> paths) =>
        paths.Count == 0 ? "nothing" : string.Join(", ", paths.Order(StringComparer.Ordinal).Take(4)) + (paths.Count > 4 ? ", …" : "");

    private static Params<T> Sub<T>(Params<T> p, string scope) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        p.Subtree(scope) is { Count: > 0 } sub ? sub
        : throw new ArgumentException($"masked: scope '{scope}' matches no parameter; the tree has {string.Join(", ", p.Paths)}", nameof(scope));
}
