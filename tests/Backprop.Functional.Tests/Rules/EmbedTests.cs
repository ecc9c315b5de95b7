using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class EmbedTests
{
    private static Arbitrary<(Tensor<double> Table, int[] Ids, Key Key)> Lookups(bool padding) => Arb.From(
        from vocab in Gen.Choose(1, 5)
        from dim in Gen.Choose(1, 3)
        from ids in Gen.ArrayOf(Gen.Choose(padding ? -1 : 0, vocab - 1), 6)
        from table in Generators.Normal(new Shape(vocab, dim))
        from key in Generators.Key()
        select (table, ids, key));

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.Embed))]
    public Property Embed_pullback_matches_finite_differences() =>
        Prop.ForAll(Lookups(padding: false), c => GradCheck.Rule($"embed [{string.Join(", ", c.Ids)}]", t => Rule.Embed(t, c.Ids), c.Table, c.Key).ToProperty());

    [Property]

    [ChecksGradientOf(nameof(Functional.Rules.Rule.BagMean))]
    public Property Bag_mean_pullback_matches_finite_differences() =>
        Prop.ForAll(Lookups(padding: true), Arb.From(Gen.Elements(1, 2, 3, 6)), (c, length) =>
            GradCheck.Rule($"bag-mean [{string.Join(", ", c.Ids)}] rows of {length}", t => Rule.BagMean(t, c.Ids, length), c.Table, c.Key).ToProperty());

    [Fact]
    public void A_repeated_id_gets_the_sum_of_its_gradients()
    {
        var table = Tensor.Create(new Shape(3, 1), 10.0, 20, 30);
        var pulled = Rule.Embed(table, [2, 0, 2]);
        Assert.Equal([30.0, 10, 30], pulled.Value.ToArray());
        Assert.Equal([2.0, 0, 1 + 3], pulled.Pullback(Tensor.Create(new Shape(3, 1), 1.0, 2, 3)).ToArray());
    }

    [Fact]
    public void Bag_mean_skips_padding_and_an_empty_row_is_zero()
    {
        // Rows [0, 2, −1] → (10 + 30)/2 = 20; [−1, −1, −1] → 0.
        var y = Rule.BagMean(Tensor.Create(new Shape(3, 1), 10.0, 20, 30), [0, 2, -1, -1, -1, -1], 3).Value;
        Assert.Equal([20.0, 0], y.ToArray());
    }

    [Fact]
    public void An_id_outside_the_vocabulary_is_a_shape_error() =>
        Assert.Contains("id 3 at position 1", Assert.Throws<ShapeException>(() => Rule.Embed(Tensor<double>.Zeros(new Shape(3, 2)), [0, 3])).Message);
}
