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

    public static ParamsLayout Empty { get; } = new([]);
    public ImmutableArray<string> Paths { get; }
    public int IndexOf(string path) => index.TryGetValue(path, out var i) ? i : -1;
}
