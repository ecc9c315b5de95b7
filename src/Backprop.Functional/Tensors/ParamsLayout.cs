using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Backprop.Functional.Tensors;

/// <summary>The sorted paths of a parameter tree and their index; shared by every tree of the same structure.</summary>
internal sealed class ParamsLayout
{
    private readonly FrozenDictionary<string, int> index;

    public ParamsLayout(ImmutableArray<string> sortedPaths)
    {
        Paths = sortedPaths;
        index = sortedPaths.Select((p, i) => KeyValuePair.Create(p, i)).ToFrozenDictionary(StringComparer.Ordinal);
    }

    private ImmutableArray<string> scopes;

    public static ParamsLayout Empty { get; } = new([]);
    public ImmutableArray<string> Paths { get; }

    /// <summary>The scope of each path, the path without its last part ("dense_1" for "dense_1/w"; "" at the top), made once.</summary>
    public ImmutableArray<string> Scopes =>
        scopes.IsDefault ? scopes = [.. Paths.Select(p => p.LastIndexOf('/') is var i and >= 0 ? p[..i] : "")] : scopes;
    public int IndexOf(string path) => index.TryGetValue(path, out var i) ? i : -1;
}
