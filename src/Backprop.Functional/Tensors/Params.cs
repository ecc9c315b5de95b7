using System.Collections;
using System.Collections.Immutable;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Tensors;

/// <summary>
/// An immutable tree of named tensors. Paths use '/' between scopes ("dense_1/w"), so the tree
/// maps one to one onto a safetensors file. Parameters, gradients and optimiser moments are all
/// Params, and tangent arithmetic (+, scale, dot, norm, zip) works on them as on vectors.
/// </summary>
public sealed class Params<T> : IEnumerable<KeyValuePair<string, Tensor<T>>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ImmutableSortedDictionary<string, Tensor<T>> tensors;

    private Params(ImmutableSortedDictionary<string, Tensor<T>> tensors) => this.tensors = tensors;

    public static Params<T> Empty { get; } = new(ImmutableSortedDictionary.Create<string, Tensor<T>>(StringComparer.Ordinal));

    public static Params<T> From(IEnumerable<KeyValuePair<string, Tensor<T>>> entries) =>
        new(entries.ToImmutableSortedDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));

    public int Count => tensors.Count;
    public IEnumerable<string> Paths => tensors.Keys;
    public Tensor<T> this[string path] => Find(path).IfFail(e => throw new KeyNotFoundException(e.Message));
    public bool Contains(string path) => tensors.ContainsKey(path);

    public Fin<Tensor<T>> Find(string path) =>
        tensors.TryGetValue(path, out var t) ? t
        : Error.New($"no parameter '{path}'; the tree has {(Count == 0 ? "none" : string.Join(", ", Paths))}");

    public Params<T> With(string path, Tensor<T> value) => new(tensors.SetItem(path, value));

    /// <summary>The entries under a scope, e.g. Subtree("dense_1") holds "dense_1/w" and "dense_1/b".</summary>
    public Params<T> Subtree(string scope) =>
        new(tensors.Where(e => InScope(e.Key, scope)).ToImmutableSortedDictionary(StringComparer.Ordinal));

    public static bool InScope(string path, string scope) =>
        scope.Length == 0 || path == scope || path.StartsWith(scope + "/", StringComparison.Ordinal);

    public Params<T> Map(Func<Tensor<T>, Tensor<T>> f) => MapWithPath((_, t) => f(t));

    public Params<T> MapWithPath(Func<string, Tensor<T>, Tensor<T>> f) =>
        new(tensors.ToImmutableSortedDictionary(e => e.Key, e => f(e.Key, e.Value), StringComparer.Ordinal));

    /// <summary>Combines two trees with the same paths and shapes, entry by entry.</summary>
    public Params<T> Zip(Params<T> other, Func<Tensor<T>, Tensor<T>, Tensor<T>> f) =>
        MapWithPath((path, t) => other.tensors.TryGetValue(path, out var u) && u.Shape == t.Shape
            ? f(t, u)
            : throw new ShapeException($"parameter '{path}': {t.Shape} has no partner of the same shape in the other tree"));

    public static Params<T> operator +(Params<T> a, Params<T> b) => a.Zip(b, (x, y) => x + y);
    public static Params<T> operator -(Params<T> a, Params<T> b) => a.Zip(b, (x, y) => x - y);
    public static Params<T> operator *(T s, Params<T> a) => a.Map(x => s * x);

    public T Dot(Params<T> other) => tensors.Aggregate(T.Zero, (acc, e) => acc + e.Value.Dot(other[e.Key]));
    public T Norm() => T.Sqrt(Dot(this));
    public Params<T> ZerosLike() => Map(t => Tensor<T>.Zeros(t.Shape));
    public int ParameterCount => tensors.Values.Sum(t => t.Size);

    public IEnumerator<KeyValuePair<string, Tensor<T>>> GetEnumerator() => tensors.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Join(Environment.NewLine, tensors.Select(e => $"{e.Key}: {e.Value.Shape}"));
}
