using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// The primitive gradient transformations. Each is built once (hyper-parameters are checked then) and is a pure
/// pair (Init, Update) with a name for its state; chain them with <see cref="Chain{T}"/>. Stateless ones carry
/// <see cref="OptState{T}.Empty"/>.
/// </summary>
public static partial class Transforms
{
    /// <summary>θ + f·u per tensor in one pass: the same bits as θ + (f·u) (multiply, round, add, round).</summary>
    private static Params<T> AddScaled<T>(Params<T> parameters, Params<T> updates, T factor) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        parameters.Zip(updates, (p, u) => p.AddScaled(u, factor));

    /// <summary>θ + factor·g per tensor, with Σ g² of each gradient (in path order) taken in the same pass: SGD and the gradient norms of a training step.</summary>
    internal static Params<T> AddScaledSquares<T>(Params<T> parameters, Params<T> grads, T factor, double[] squares) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var i = 0;
        return parameters.Zip(grads, (p, g) =>
        {
            var (sum, square) = p.AddScaledSquares(g, factor);
            squares[i++] = square;
            return sum;
        });
    }

    /// <summary>A transformation without state from a function of (updates, params), named <paramref name="name"/> in a chain.</summary>
    public static Transform<T> Stateless<T>(Func<Params<T>, Params<T>, Params<T>> f, string name = "custom") where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        return new(name, _ => OptState<T>.Empty, (u, s, p, _) => (f(u, p), s));
    }

    /// <summary>A stateless transformation of the library's own.</summary>
    private static Transform<T> Own<T>(string name, Func<Params<T>, Params<T>, Params<T>> f) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Stateless(f, name).Library();

    /// <summary>Passes the updates through unchanged.</summary>
    public static Transform<T> Identity<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => Own<T>("identity", (u, _) => u);

    /// <summary>u′ = factor·u. With factor = −η at the end of a chain, this is the learning rate (and SGD on its own).</summary>
    public static Transform<T> Scale<T>(T factor) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Finite("scale", nameof(factor), factor);
        return (Stateless<T>((u, _) => factor * u, "scale") with { UpdateAndApply = (u, s, p, _) => (AddScaled(p, u, factor), s), Factor = factor }).Library();
    }

    /// <summary>
    /// u′ = schedule(t)·u at the t-th update (t = 0, 1, ...). The schedule is a function; the count t is the state
    /// ("count"), so a restored checkpoint resumes the schedule where it was.
    /// </summary>
    public static Transform<T> ScaleBySchedule<T>(Func<int, T> schedule) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var start = OptState<T>.Empty.WithCount("count", 0);
        return new Transform<T>("schedule", _ => start, (u, s, _, _) => (schedule(s.Count("count")) * u, s.WithCount("count", s.Count("count") + 1)))
        {
            UpdateAndApply = (u, s, p, _) => (AddScaled(p, u, schedule(s.Count("count"))), s.WithCount("count", s.Count("count") + 1)),
        }.Library();
    }

    /// <summary>
    /// Sets to zero every update under <paramref name="scope"/> ("dense_1" freezes "dense_1/w" and "dense_1/b"):
    /// put it last in a chain and those parameters never move.
    /// </summary>
    public static Transform<T> Freeze<T>(string scope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return Own<T>("freeze", (u, _) => u.MapWithPath((path, t) => Params<T>.InScope(path, scope) ? Tensor<T>.Zeros(t.Shape) : t));
    }
}
