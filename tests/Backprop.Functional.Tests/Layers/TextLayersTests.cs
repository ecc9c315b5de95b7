using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class TextLayersTests
{
    // Ids are data, so the check differentiates with respect to the table only: f ignores the (unused) input.
    [Property]
    [ChecksGradientOf(typeof(Functional.Layers.Embedding))]
    public Property Embedding_table_gradients_match_finite_differences() =>
        Prop.ForAll(Arb.From(Generators.Key()), key =>
        {
            var ids = Tensor.Create(new Shape(2, 3), 0.0, 4, 4, 2, 1, 0);
            var layer = Embedding.Create<double>(5, 3).Then(LayerExtensions.Sequential<double>(x => Ops.Reshape(x, new Shape(6, 3)), Dense.Create<double>(2)));
            var p = layer.Init(key, ids).OrThrow();
            return GradCheck.Function("embedding-dense", _ => layer(ids), Tensor<double>.Zeros(new Shape(1)), p, key.FoldIn(1)).ToProperty();
        });

    [Property]

    [ChecksGradientOf(typeof(Functional.Layers.BagOfWords))]
    public Property Bag_of_words_table_gradients_match_finite_differences() =>
        Prop.ForAll(Arb.From(Generators.Key()), key =>
        {
            var ids = Tensor.Create(new Shape(3, 3), 0.0, 4, -1, 2, 2, 2, -1, -1, 1);
            var layer = BagOfWords.Create<double>(5, 3).Then(Dense.Create<double>(2)).Then(Ops.Tanh<double>);
            var p = layer.Init(key, ids).OrThrow();
            return GradCheck.Function("bag-of-words-dense", _ => layer(ids), Tensor<double>.Zeros(new Shape(1)), p, key.FoldIn(1)).ToProperty();
        });

    [Fact]
    public void Embedding_picks_rows_of_the_table()
    {
        var p = Params<double>.Empty.With("embedding_1/table", Tensor.Create(new Shape(3, 2), 0.0, 1, 10, 11, 20, 21));
        var y = Embedding.Create<double>(3, 2).Predict(p, Tensor.Create(new Shape(1, 2), 2.0, 0)).OrThrow();
        Assert.Equal(new Shape(1, 2, 2), y.Shape);
        Assert.Equal([20.0, 21, 0, 1], y.ToArray());
    }

    [Fact]
    public void Bag_of_words_averages_a_row_skipping_padding()
    {
        var p = Params<double>.Empty.With("bag_of_words_1/table", Tensor.Create(new Shape(3, 2), 0.0, 1, 10, 11, 20, 21));
        // Row [1, 2, −1]: ((10, 11) + (20, 21))/2 = (15, 16).
        var y = BagOfWords.Create<double>(3, 2).Predict(p, Tensor.Create(new Shape(1, 3), 1.0, 2, -1)).OrThrow();
        Assert.Equal([15.0, 16], y.ToArray());
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(1.5)]
    [InlineData(-1.0)]
    public void An_id_that_is_not_a_word_of_the_vocabulary_is_an_error_naming_the_layer(double id)
    {
        var error = Embedding.Create<double>(3, 2).Init(Key.Create(0), Tensor.Create(new Shape(1, 2), 0.0, id)).Match(_ => "", e => e.Message);
        Assert.Equal($"embedding_1: id {id} at position 1 is not a whole number in 0..2", error);
    }

    [Fact]
    public void Vocabulary_and_dimension_must_be_positive_naming_the_parameter()
    {
        Assert.Equal("vocabulary", Assert.Throws<ArgumentOutOfRangeException>(() => Embedding.Create<double>(0, 2)).ParamName);
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => Embedding.Create<double>(3, 0)).ParamName);
        Assert.Equal("vocabulary", Assert.Throws<ArgumentOutOfRangeException>(() => BagOfWords.Create<double>(0, 2)).ParamName);
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => BagOfWords.Create<double>(3, -1)).ParamName);
    }

    [Fact]
    public void The_table_is_standard_normal_by_default_and_a_given_initialiser_is_used()
    {
        var ids = Tensor.Create(new Shape(1, 2), 0.0, 1);
        Tensor<double> Table(Layer<double> layer, string path) => layer.Init(Key.Create(3), ids).OrThrow()[path];
        // Standard normal: 4000 draws have a second moment within ±10 % of 1 (relative standard error √(2/4000) ≈ 2.2 %).
        foreach (var (layer, path) in new[] { (Embedding.Create<double>(1000, 4), "embedding_1/table"), (BagOfWords.Create<double>(1000, 4), "bag_of_words_1/table") })
            Assert.InRange(Table(layer, path).ToArray().Select(v => v * v).Average(), 0.9, 1.1);
        Assert.All(Table(Embedding.Create<double>(3, 2, Initialisers.Ones<double>()), "embedding_1/table").ToArray(), v => Assert.Equal(1.0, v));
        Assert.All(Table(BagOfWords.Create<double>(3, 2, Initialisers.Ones<double>()), "bag_of_words_1/table").ToArray(), v => Assert.Equal(1.0, v));
    }

    [Fact]
    public void A_bad_id_at_the_first_position_is_found_and_bag_of_words_names_padding()
    {
        var embedding = Embedding.Create<double>(3, 2).Init(Key.Create(0), Tensor.Create(new Shape(1, 2), 5.0, 0)).Match(_ => "", e => e.Message);
        Assert.Equal("embedding_1: id 5 at position 0 is not a whole number in 0..2", embedding);
        var bag = BagOfWords.Create<double>(3, 2).Init(Key.Create(0), Tensor.Create(new Shape(1, 2), 0.0, 0.5)).Match(_ => "", e => e.Message);
        Assert.Equal("bag_of_words_1: id 0.5 at position 1 is not a whole number in 0..2 (or negative, for padding)", bag);
    }

    [Fact]
    public void Bag_of_words_needs_ids_batch_by_length()
    {
        var error = BagOfWords.Create<double>(3, 2).Init(Key.Create(0), Tensor.Vector(0.0, 1)).Match(_ => "", e => e.Message);
        Assert.Equal("bag_of_words_1: bag of words needs ids [batch, length], got [2]", error);
    }
}
