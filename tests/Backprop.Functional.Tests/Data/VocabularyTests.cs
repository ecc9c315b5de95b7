using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class VocabularyTests
{
    [Fact]
    public void Tokens_are_lower_case_runs_of_letters_and_digits() =>
        Assert.Equal(["free", "money", "100", "click", "here"], Vocabulary.Tokens("FREE money!!! 100% -- click_here").ToArray());

    [Fact]
    public void Most_frequent_words_first_ties_by_ordinal_order()
    {
        var v = Vocabulary.Build(["b a c", "a b d", "a e"], 3);
        Assert.Equal(["a", "b", "c"], v.Words.ToArray());
        Assert.Equal(-1, v.IndexOf("d"));
    }

    [Fact]
    public void Vectorise_counts_binary_and_term_frequency()
    {
        var v = new Vocabulary(["a", "b"]);
        string[] texts = ["a a b c", "zzz"];
        Assert.Equal([2f, 1, 0, 0], v.Vectorise<float>(texts, TextFeatures.Counts).ToArray());
        Assert.Equal([1f, 1, 0, 0], v.Vectorise<float>(texts, TextFeatures.Binary).ToArray());
        Assert.Equal([0.5, 0.25, 0, 0], v.Vectorise<double>(texts, TextFeatures.TermFrequency).ToArray());
        Assert.Equal(new Shape(2, 2), v.Vectorise<float>(texts).Shape);
    }

    [Fact]
    public void Spam_vocabulary_comes_from_the_training_split_only()
    {
        var key = Key.Create(3);
        var spam = Datasets.Spam<float>(key, 0.8, words: 300, TextFeatures.Counts).OrThrow();
        var emails = Datasets.SpamEmails().OrThrow();
        var (train, test) = Dataset<float>.SplitRows(key, emails.Length, 0.8);
        var fromTrain = Vocabulary.Build(train.Select(i => emails[i].Text), 300);
        var fromAll = Vocabulary.Build(emails.Select(e => e.Text), 300);
        Assert.False(fromAll.Words.SequenceEqual(fromTrain.Words));          // the choice matters on this data
        Assert.True(fromTrain.Vectorise<float>([.. emails.Select(e => e.Text)], TextFeatures.Counts).Span.SequenceEqual(spam.Features.Span));
        Assert.Equal(["ham", "spam"], spam.ClassNames.ToArray());
        Assert.Equal(1896, spam.Labels.Sum());
        Assert.Equal(test.Length, spam.Split(key, 0.8).Test.Count);
    }

    [Fact]
    public void Each_text_fills_its_own_row_and_a_text_without_tokens_is_zeros()
    {
        var v = new Vocabulary(["a", "b"]);
        string[] texts = ["b", "a a", "!!", "B a"];
        Assert.Equal([0f, 1, 1, 0, 0, 0, 1, 1], v.Vectorise<float>(texts).ToArray());
        Assert.Equal([0.0, 1, 1, 0, 0, 0, 0.5, 0.5], v.Vectorise<double>(texts, TextFeatures.TermFrequency).ToArray());
        Assert.Equal(-1, v.IndexOf("c"));
        Assert.Equal(1, v.IndexOf("b"));
    }

    [Fact]
    public void A_negative_size_is_rejected_and_zero_is_an_empty_vocabulary()
    {
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(["a"], -1)).ParamName);
        Assert.Equal(0, Vocabulary.Build(["a b"], 0).Count);
    }
}
