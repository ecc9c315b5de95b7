namespace Backprop.Functional.Data;

/// <summary>How <see cref="Vocabulary.Vectorise{T}"/> turns a text's word counts into features.</summary>
public enum TextFeatures
{
    /// <summary>1 where the word occurs, else 0.</summary>
    Binary,
    /// <summary>How many times the word occurs (bag of words).</summary>
    Counts,
    /// <summary>Counts divided by the text's number of tokens (term frequency).</summary>
    TermFrequency,
}
