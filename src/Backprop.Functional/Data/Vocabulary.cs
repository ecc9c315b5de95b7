using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;
using System.Text.RegularExpressions;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>
/// The words a text vectoriser knows, most frequent first. Build it from the training texts only,
/// then vectorise training and test texts with it. Tokens are maximal runs of letters or digits,
/// lower-cased; words outside the vocabulary are dropped.
/// </summary>
public sealed partial class Vocabulary
{
    private readonly FrozenDictionary<string, int> index;

    public Vocabulary(ImmutableArray<string> words)
    {
        Words = words;
        index = words.Select((w, i) => KeyValuePair.Create(w, i)).ToFrozenDictionary(StringComparer.Ordinal);
    }

    public ImmutableArray<string> Words { get; }
    public int Count => Words.Length;

    /// <summary>The column of a word, or -1.</summary>
    public int IndexOf(string word) => index.GetValueOrDefault(word, -1);

    /// <summary>The <paramref name="size"/> most frequent tokens of <paramref name="texts"/> (ties: ordinal order of the word).</summary>
    public static Vocabulary Build(IEnumerable<string> texts, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var text in texts)
        {
            var lower = text.ToLowerInvariant();
            foreach (var m in Word().EnumerateMatches(lower))
            {
                var token = lower.AsSpan(m.Index, m.Length);
                lookup[token] = lookup.TryGetValue(token, out var c) ? c + 1 : 1;
            }
        }
        return new([.. counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(size).Select(e => e.Key)]);
    }

    /// <summary>The lower-case tokens of a text: maximal runs of letters or digits.</summary>
    public static IEnumerable<string> Tokens(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{Nd}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>Features [texts, words]: one row per text, one column per vocabulary word.</summary>
    public Tensor<T> Vectorise<T>(IReadOnlyList<string> texts, TextFeatures features = TextFeatures.Binary)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var values = new T[texts.Count * Count];
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var r = 0; r < texts.Count; r++)
        {
            var row = values.AsSpan(r * Count, Count);
            var tokens = 0;
            var lower = texts[r].ToLowerInvariant();
            foreach (var m in Word().EnumerateMatches(lower))
            {
                tokens++;
                if (lookup.TryGetValue(lower.AsSpan(m.Index, m.Length), out var c)) row[c] = features == TextFeatures.Binary ? T.One : row[c] + T.One;
            }
            if (features == TextFeatures.TermFrequency && tokens > 0) TensorPrimitives.Divide(row, T.CreateChecked(tokens), row);
        }
        return Tensor<T>.Own(new Shape(texts.Count, Count), values);
    }
}
