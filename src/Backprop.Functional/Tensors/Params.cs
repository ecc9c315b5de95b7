using System.Collections;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Tensors;

/// <summary>
/// An immutable tree of named tensors. Paths use '/' between scopes ("dense_1/w"), so the tree
/// maps one to one onto a safetensors file. Parameters, gradients and optimiser moments are all
/// Params, and tangent arithmetic (+, scale, dot, norm, zip) works on them as on vectors.
/// Trees made from one another by Map/Zip share their (sorted) list of paths, so a training step
/// costs one small array per tree, not a new dictionary.
/// </summary>
public sealed partial class Params<T> : IEnumerable<KeyValuePair<string, Tensor<T>>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ParamsLayout layout;
    private readonly ImmutableArray<Tensor<T>> values;

    private Params(ParamsLayout layout, ImmutableArray<Tensor<T>> values)
    {
        this.layout = layout;
        this.values = values;
    }

    public static Params<T> Empty { get; } = new(ParamsLayout.Empty, []);

    public static Params<T> From(IEnumerable<KeyValuePair<string, Tensor<T>>> entries)
    {
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i].Key == sorted[i - 1].Key) throw new ArgumentException($"duplicate parameter path '{sorted[i].Key}'", nameof(entries));
        return new(new ParamsLayout([.. sorted.Select(e => e.Key)]), [.. sorted.Select(e => e.Value)]);
    }

    public int Count => values.Length;
    public IEnumerable<string> Paths => layout.Paths;

    /// <summary>The tensors, in the order of <see cref="Paths"/>.</summary>
    public IReadOnlyList<Tensor<T>> Values => values;
    public Tensor<T> this[string path] => Find(path).IfFail(e => throw new KeyNotFoundException(e.Message));
    public bool Contains(string path) => layout.IndexOf(path) >= 0;

    public Fin<Tensor<T>> Find(string path) =>
        layout.IndexOf(path) is var i and >= 0 ? values[i]
        : Error.New($"no parameter '{path}'; the tree has {(Count == 0 ? "none" : string.Join(", ", Paths))}");

    public Params<T> With(string path, Tensor<T> value) =>
        layout.IndexOf(path) is var i and >= 0 ? new(layout, values.SetItem(i, value))
        : From(this.Append(KeyValuePair.Create(path, value)));

    /// <summary>The entries under a scope, e.g. Subtree("dense_1") holds "dense_1/w" and "dense_1/b".</summary>
    public Params<T> Subtree(string scope) => From(this.Where(e => InScope(e.Key, scope)));

    public static bool InScope(string path, string scope) =>
        scope.Length == 0 || path == scope || path.StartsWith(scope + "/", StringComparison.Ordinal);

    public Params<T> Map(Func<Tensor<T>, Tensor<T>> f) => MapWithPath((_, t) => f(t));

    public Params<T> MapWithPath(Func<string, Tensor<T>, Tensor<T>> f)
    {
        var result = new Tensor<T>[values.Length];               // a loop, not LINQ: this runs a few times per training step
        for (var i = 0; i < result.Length; i++) result[i] = f(layout.Paths[i], values[i]);
        return new(layout, ImmutableCollectionsMarshal.AsImmutableArray(result));
    }

    /// <summary>Combines two trees with the same paths and shapes, entry by entry.</summary>
    public Params<T> Zip(Params<T> other, Func<Tensor<T>, Tensor<T>, Tensor<T>> f)
    {
        var partner = ReferenceEquals(layout, other.layout) ? other.values : [.. layout.Paths.Select(p => other.Find(p).IfFail(_ => null!))];
        var result = new Tensor<T>[values.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = partner[i] is { } u && u.Shape == values[i].Shape ? f(values[i], u)
                : throw new ShapeException($"parameter '{layout.Paths[i]}': {values[i].Shape} has no partner of the same shape in the other tree");
        return new(layout, ImmutableCollectionsMarshal.AsImmutableArray(result));
    }

    public static Params<T> operator +(Params<T> a, Params<T> b) => a.Zip(b, (x, y) => x + y);
    public static Params<T> operator -(Params<T> a, Params<T> b) => a.Zip(b, (x, y) => x - y);
    public static Params<T> operator *(T s, Params<T> a) => a.Map(x => s * x);

    public T Dot(Params<T> other) => this.Aggregate(T.Zero, (acc, e) => acc + e.Value.Dot(other[e.Key]));
    public T Norm() => T.Sqrt(Dot(this));
    /// <summary>A copy with its own memory: what to keep of a state whose tensors will be donated (<see cref="Training.TrainSettings.Donate"/>).</summary>
    public Params<T> Copy() => Map(t => Tensor<T>.FromSpan(t.Shape, t.Span));

    public Params<T> ZerosLike() => Map(t => Tensor<T>.Zeros(t.Shape));
    public int ParameterCount => values.Sum(t => t.Size);

    /// <summary>The entries in path order. A struct, so a foreach over a tree allocates nothing (the training loop runs several a step).</summary>
    public Enumerator GetEnumerator() => new(this);
    IEnumerator<KeyValuePair<string, Tensor<T>>> IEnumerable<KeyValuePair<string, Tensor<T>>>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The tensors without boxing, for the library's per-step bookkeeping.</summary>
    internal ImmutableArray<Tensor<T>> Tensors => values;

    /// <summary>The scope of each entry, in path order (<see cref="ParamsLayout.Scopes"/>).</summary>
    internal ImmutableArray<string> Scopes => layout.Scopes;

    /// <summary>Walks a tree's entries in path order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, Tensor<T>>>
    {
        private readonly Params<T> tree;
        private int index;

        internal Enumerator(Params<T> tree) => (this.tree, index) = (tree, -1);

        public readonly KeyValuePair<string, Tensor<T>> Current => new(tree.layout.Paths[index], tree.values[index]);
        readonly object IEnumerator.Current => Current;
        public bool MoveNext() => ++index < tree.values.Length;
        public void Reset() => index = -1;
        public readonly void Dispose() { }
    }

    public override string ToString() => string.Join(Environment.NewLine, this.Select(e => $"{e.Key}: {e.Value.Shape}"));
}
