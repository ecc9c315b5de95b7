using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// The primitive gradient transformations. Each is built once (hyper-parameters are checked then) and is a
/// pure pair (Init, Update); chain them with <see cref="TransformExtensions.Then{T,S1,S2}"/>. Stateless ones
/// carry an <see cref="EmptyState{T}"/>.
/// </summary>
public static partial class Transforms
{
    /// <summary>Adds the updates to the parameters: θ′ = θ + u (the updates already carry the minus sign).</summary>
    public static Params<T> ApplyUpdates<T>(Params<T> parameters, Params<T> updates) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        parameters + updates;

    /// <summary>θ + f·u per tensor in one pass: the same bits as ApplyUpdates(θ, f·u) (multiply, round, add, round).</summary>
    private static Params<T> AddScaled<T>(Params<T> parameters, Params<T> updates, T factor) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        parameters.Zip(updates, (p, u) => p.AddScaled(u, factor));

    /// <summary>A transformation without state from a function of (updates, params).</summary>
    public static Transform<T, EmptyState<T>> Stateless<T>(Func<Params<T>, Params<T>, Params<T>> f) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(_ => EmptyState<T>.Instance, (u, s, p) => (f(u, p), s));

    /// <summary>A stateless transformation of the library's own.</summary>
    private static Transform<T, EmptyState<T>> Own<T>(Func<Params<T>, Params<T>, Params<T>> f) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Stateless(f).Library();

    /// <summary>Passes the updates through unchanged.</summary>
    public static Transform<T, EmptyState<T>> Identity<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => Own<T>((u, _) => u);

    /// <summary>u′ = factor·u. With factor = −η at the end of a chain, this is the learning rate (and SGD on its own).</summary>
    public static Transform<T, EmptyState<T>> Scale<T>(T factor) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Finite("scale", nameof(factor), factor);
        return (Stateless<T>((u, _) => factor * u) with { UpdateAndApply = (u, s, p) => (AddScaled(p, u, factor), s) }).Library();
    }

    /// <summary>
    /// u′ = schedule(t)·u at the t-th update (t = 0, 1, ...). The schedule is a function; the count t is the state
    /// (<see cref="CountState{T}"/>), so a restored checkpoint resumes the schedule where it was.
    /// </summary>
    public static Transform<T, CountState<T>> ScaleBySchedule<T>(Func<int, T> schedule) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new Transform<T, CountState<T>>(_ => new CountState<T>(0), (u, s, _) => (schedule(s.Count) * u, new CountState<T>(s.Count + 1)))
        {
            UpdateAndApply = (u, s, p) => (AddScaled(p, u, schedule(s.Count)), new CountState<T>(s.Count + 1)),
        }.Library();
    }

    /// <summary>
    /// Sets to zero every update under <paramref name="scope"/> ("dense_1" freezes "dense_1/w" and "dense_1/b"):
    /// put it last in a chain and those parameters never move.
    /// </summary>
    public static Transform<T, EmptyState<T>> Freeze<T>(string scope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return Own<T>((u, _) => u.MapWithPath((path, t) => Params<T>.InScope(path, scope) ? Tensor<T>.Zeros(t.Shape) : t));
    }
}
