using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Data;

public class RegressionSetTests
{
    // Row i: features (i, −i), target 100 + i.
    private static RegressionSet<double> Rows(int n) =>
        new(Tensor<double>.FromSpan(new Shape(n, 2), [.. Enumerable.Range(0, n).SelectMany(i => new double[] { i, -i })]),
            Tensor<double>.FromSpan(new Shape(n, 1), [.. Enumerable.Range(0, n).Select(i => 100.0 + i)]));

    [Fact]
    public void Take_gives_features_and_targets_of_the_rows_in_order()
    {
        var t = Rows(4).Take([3, 1]);
        Assert.Equal(2, t.Count);
        Assert.Equal([3.0, -3, 1, -1], t.Features.ToArray());
        Assert.Equal([103.0, 101], t.Targets.ToArray());
    }

    [Fact]
    public void Split_takes_the_rows_a_classification_split_takes_with_that_key()
    {
        var (trainRows, testRows) = Dataset<double>.SplitRows(Key.Create(4), 9, 0.6);
        var (train, test) = Rows(9).Split(Key.Create(4), 0.6);
        Assert.Equal(trainRows.Select(r => 100.0 + r), train.Targets.ToArray());
        Assert.Equal(testRows.Select(r => 100.0 + r), test.Targets.ToArray());
        Assert.Equal(trainRows.SelectMany(r => new double[] { r, -r }), train.Features.ToArray());
        Assert.Equal("trainFraction", Assert.Throws<ArgumentOutOfRangeException>(() => Rows(3).Split(Key.Create(0), 1)).ParamName);
    }

    [Fact]
    public void Batches_cover_each_row_once_in_the_keys_order_the_last_one_smaller()
    {
        var batches = Rows(5).Batches(Key.Create(8), 2).ToArray();
        Assert.Equal([2, 2, 1], batches.Select(b => b.Count));
        Assert.Equal(Key.Create(8).Permutation(5).Select(r => 100.0 + r), batches.SelectMany(b => b.Targets.ToArray()));
        Assert.All(batches, b => Assert.Equal(b.Targets.ToArray().Select(t => 100 - t), b.Features.ToArray().Where((_, i) => i % 2 == 1)));
        Assert.Single(Rows(5).Batches(Key.Create(8), 5));
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => Rows(5).Batches(Key.Create(0), 0).ToArray()).ParamName);
    }
}
