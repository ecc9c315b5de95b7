using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// An optimiser's state, opaque to training loops: an immutable tree of named counters, scalars and tensor trees
/// (each shaped like the parameters), with named parts for the pieces of a chain. <see cref="ToParams"/> flattens it
/// to stable paths ("adam/count", "adam/mu/dense_1/w"), which is how a checkpoint stores it; a checkpoint reads back
/// through <see cref="TransformExtensions.Restore{T}"/>, whose template is the optimiser's own Init, so no state type
/// is ever named.
/// </summary>
public sealed record OptState<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>No state: what a stateless transformation (a scale, a clip, a penalty) carries.</summary>
    public static OptState<T> Empty { get; } = new();

    /// <summary>Counters by name (a step count), stored as scalar tensors.</summary>
    public ImmutableSortedDictionary<string, int> Counts { get; init; } = ImmutableSortedDictionary.Create<string, int>(StringComparer.Ordinal);

    /// <summary>Numbers by name (the best loss so far, a current scale).</summary>
    public ImmutableSortedDictionary<string, T> Scalars { get; init; } = ImmutableSortedDictionary.Create<string, T>(StringComparer.Ordinal);

    /// <summary>Trees of tensors by name ("mu", "nu", "trace"), each with the parameters' paths.</summary>
    public ImmutableSortedDictionary<string, Params<T>> Trees { get; init; } = ImmutableSortedDictionary.Create<string, Params<T>>(StringComparer.Ordinal);

    /// <summary>The states of a chain's parts (or a multi-transform's groups) by name.</summary>
    public ImmutableSortedDictionary<string, OptState<T>> Parts { get; init; } = ImmutableSortedDictionary.Create<string, OptState<T>>(StringComparer.Ordinal);

    public OptState<T> WithCount(string name, int value) => this with { Counts = Counts.SetItem(name, value) };
    public OptState<T> WithScalar(string name, T value) => this with { Scalars = Scalars.SetItem(name, value) };
    public OptState<T> WithTree(string name, Params<T> tree) => this with { Trees = Trees.SetItem(name, tree) };
    public OptState<T> WithPart(string name, OptState<T> part) => this with { Parts = Parts.SetItem(name, part) };

    public int Count(string name) => Counts.TryGetValue(name, out var v) ? v : throw Missing("counter", name);
    public T Scalar(string name) => Scalars.TryGetValue(name, out var v) ? v : throw Missing("scalar", name);
    public Params<T> Tree(string name) => Trees.TryGetValue(name, out var v) ? v : throw Missing("tree", name);
    public OptState<T> Part(string name) => Parts.TryGetValue(name, out var v) ? v : throw Missing("part", name);

    /// <summary>True when nothing is stored anywhere in the tree.</summary>
    public bool IsEmpty => Counts.IsEmpty && Scalars.IsEmpty && Trees.IsEmpty && Parts.Values.All(p => p.IsEmpty);

    /// <summary>The state as one flat tree of tensors with stable paths; counters and scalars become scalar tensors.</summary>
    public Params<T> ToParams() => Params<T>.From(Entries(""));

    /// <summary>Every tensor of the state (for the training loop's buffer bookkeeping).</summary>
    internal void AddTensorsTo(List<Tensor<T>> into)
    {
        if (!Trees.IsEmpty)
            foreach (var (_, tree) in Trees) into.AddRange(tree.Tensors.AsSpan());
        if (!Parts.IsEmpty)
            foreach (var (_, part) in Parts) part.AddTensorsTo(into);
    }

    internal IEnumerable<KeyValuePair<string, Tensor<T>>> Entries(string prefix) =>
        Counts.Select(c => KeyValuePair.Create(prefix + c.Key, Tensor<T>.Scalar(T.CreateChecked(c.Value))))
            .Concat(Scalars.Select(s => KeyValuePair.Create(prefix + s.Key, Tensor<T>.Scalar(s.Value))))
            .Concat(Trees.SelectMany(t => t.Value.Select(e => KeyValuePair.Create($"{prefix}{t.Key}/{e.Key}", e.Value))))
            .Concat(Parts.SelectMany(p => p.Value.Entries($"{prefix}{p.Key}/")));

    public override string ToString() =>
        IsEmpty ? "OptState (empty)" : string.Join(Environment.NewLine, ToParams().Select(e => $"{e.Key}: {e.Value.Shape}"));

    private static KeyNotFoundException Missing(string kind, string name) =>
        new($"optimiser state has no {kind} '{name}': a state from another optimiser was passed to this one");
}
