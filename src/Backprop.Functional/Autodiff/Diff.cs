using System.Numerics;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// A differentiable program that yields an <typeparamref name="A"/>: the shape of a State monad
/// over a Wengert tape. Building it runs nothing; <see cref="Diff.ValueAndGrad{T}"/> and friends
/// run it with fresh state, so running the same program twice gives the same results.
/// Compose with LINQ query syntax (Select/SelectMany) or point-free with <c>Then</c>.
/// </summary>
public readonly struct Diff<T, A> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    internal Diff(DiffNode<T> node) => Node = node;

    internal DiffNode<T> Node { get; }

    public Diff<T, B> Select<B>(Func<A, B> f) =>
        new(new MapNode<T>(Node, a => f((A)a!)));

    public Diff<T, B> SelectMany<B>(Func<A, Diff<T, B>> f) =>
        new(new BindNode<T>(Node, a => f((A)a!).Node));

    public Diff<T, C> SelectMany<B, C>(Func<A, Diff<T, B>> f, Func<A, B, C> project) =>
        new(new BindMapNode<T>(Node, new Projection<T, A, B, C>(f, project)));

    /// <summary>Runs this program, then <paramref name="next"/>, keeping the latter's value.</summary>
    public Diff<T, B> Then<B>(Diff<T, B> next) => new(new BindNode<T>(Node, _ => next.Node));
}
