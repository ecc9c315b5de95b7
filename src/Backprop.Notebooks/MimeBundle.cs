using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Backprop.Notebooks;

/// <summary>
/// Representations of one value keyed by MIME type ("text/plain", "text/html", "image/png").
/// Text and base64 values are strings; JSON types (application/json) keep their JSON.
/// </summary>
public sealed record MimeBundle(ImmutableSortedDictionary<string, JsonNode> Items)
{
    public static MimeBundle Empty { get; } = new(ImmutableSortedDictionary.Create<string, JsonNode>(StringComparer.Ordinal));

    public MimeBundle With(string mime, string value) => new(Items.SetItem(mime, JsonValue.Create(value)));

    /// <summary>The representation as text, if it is a string.</summary>
    public string? Text(string mime) =>
        Items.TryGetValue(mime, out var node) && node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public bool Equals(MimeBundle? other) =>
        other is not null && Items.Count == other.Items.Count
        && Items.All(e => other.Items.TryGetValue(e.Key, out var o) && JsonNode.DeepEquals(e.Value, o));

    public override int GetHashCode() => Items.Count;
}
