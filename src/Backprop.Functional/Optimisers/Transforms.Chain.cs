using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>
    /// The parts applied left to right, each seeing the previous one's updates. Order matters:
    /// <c>Chain(ClipByGlobalNorm(1), Scale(-0.1))</c> clips the gradient to norm 1, then scales (the step has norm ≤ 0.1);
    /// <c>Chain(Scale(-0.1), ClipByGlobalNorm(1))</c> clips the step itself. Likewise <c>Chain(L2Penalty(λ), ScaleByAdam())</c>
    /// is L2 regularisation (the penalty is rescaled by Adam) while <c>Chain(ScaleByAdam(), L2Penalty(λ))</c> is AdamW's
    /// decoupled decay. Each part's state sits under its name ("adam/mu/dense_1/w"); a chain inside a chain is spliced
    /// in, and a repeated name gets a suffix ("scale", "scale_2"), so appending a part never renames earlier ones.
    /// </summary>
    public static Transform<T> Chain<T>(params Transform<T>[] parts) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parts);
        var flat = parts.SelectMany(p => p.Parts.IsEmpty ? [(p.Name, p)] : p.Parts.AsEnumerable()).ToArray();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        string Unique(string name) => Enumerable.Range(1, flat.Length + 1).Select(i => i == 1 ? name : $"{name}_{i}").First(taken.Add);
        return NamedChain(flat.Select(p => (Unique(p.Name), p.Item2)).ToArray());
    }

    /// <summary>A chain whose parts' states sit under the names given (unique, non-empty, no '/').</summary>
    public static Transform<T> NamedChain<T>(params (string Name, Transform<T> Part)[] parts) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("a chain needs at least one transform", nameof(parts));
        foreach (var (name, _) in parts) Transform<T>.ValidName(name);
        if (parts.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dup)
            throw new ArgumentException($"chain: the name '{dup.Key}' is used twice", nameof(parts));
        var list = parts.ToImmutableArray();
        var (lastName, last) = list[^1];
        var init = (Params<T> p) => list.Aggregate(OptState<T>.Empty, (s, part) => s.WithPart(part.Name, part.Part.Init(p)));
        (Params<T>, OptState<T>) Run(Params<T> u, OptState<T> s, Params<T> p, ExtraArgs<T> x, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var (name, part) = list[i];
                (u, var next) = part.Update(u, s.Part(name), p, x);
                s = s.WithPart(name, next);
            }
            return (u, s);
        }
        var chain = new Transform<T>("chain", init, (u, s, p, x) => Run(u, s, p, x, list.Length))
        {
            Parts = list,
            UpdateAndApply = last.UpdateAndApply is { } apply ? (u, s, p, x) =>
            {
                var (u1, s1) = Run(u, s, p, x, list.Length - 1);
                var (p2, sLast) = apply(u1, s1.Part(lastName), p, x);
                return (p2, s1.WithPart(lastName, sLast));
            } : null,
        };
        return list.All(p => p.Part.IsLibrary) ? chain.Library() : chain;
    }

    /// <summary>
    /// Different transformations for different parameters (optax's multi_transform): <paramref name="label"/> maps a
    /// parameter's path to the name of the group it belongs to, and each group is transformed by its own part on its
    /// own subtree, e.g. Adam for the weights and plain SGD for the biases. State: each group's under its label.
    /// Init throws <see cref="ArgumentException"/> naming a path whose label has no transform.
    /// </summary>
    public static Transform<T> Multi<T>(Func<string, string> label, params (string Label, Transform<T> Part)[] groups)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(label);
        foreach (var (name, _) in groups) Transform<T>.ValidName(name);
        var parts = groups.ToImmutableDictionary(g => g.Label, g => g.Part, StringComparer.Ordinal);
        Params<T> Group(Params<T> tree, string name) => Params<T>.From(tree.Where(e => label(e.Key) == name));
        OptState<T> Init(Params<T> p)
        {
            if (p.Paths.FirstOrDefault(path => !parts.ContainsKey(label(path))) is { } orphan)
                throw new ArgumentException($"multi: '{orphan}' is labelled '{label(orphan)}', which has no transform (labels: {string.Join(", ", parts.Keys)})", nameof(label));
            return groups.Aggregate(OptState<T>.Empty, (s, g) => s.WithPart(g.Label, g.Part.Init(Group(p, g.Label))));
        }
        (Params<T>, OptState<T>) Update(Params<T> u, OptState<T> s, Params<T> p, ExtraArgs<T> x)
        {
            var results = groups.Select(g => (g.Label, Result: g.Part.Update(Group(u, g.Label), s.Part(g.Label), Group(p, g.Label), x))).ToArray();
            var merged = Params<T>.From(results.SelectMany(r => r.Result.Updates));
            return (merged, results.Aggregate(s, (acc, r) => acc.WithPart(r.Label, r.Result.State)));
        }
        var multi = new Transform<T>("multi", Init, Update);
        return groups.All(g => g.Part.IsLibrary) ? multi.Library() : multi;
    }
}
