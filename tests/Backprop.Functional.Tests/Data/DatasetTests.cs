using Backprop.Functional.Data;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Data;

/// <summary>A labelled data set: rows taken, split and batched by key, reshaped, and shown as text and HTML.</summary>
public class DatasetTests
{
    // Row i has features (i, 10 + i) and label i % 3.
    private static Dataset<double> Rows(int n) =>
        new(Tensor<double>.FromSpan(new Shape(n, 2), [.. Enumerable.Range(0, n).SelectMany(i => new double[] { i, 10 + i })]),
            [.. Enumerable.Range(0, n).Select(i => i % 3)], 3);

    [Fact]
    public void Take_gives_the_rows_in_the_order_asked_with_their_labels()
    {
        var d = Rows(5) with { ClassNames = ["a", "b", "c"] };
        var t = d.Take([4, 0, 4]);
        Assert.Equal(new Shape(3, 2), t.Features.Shape);
        Assert.Equal([4.0, 14, 0, 10, 4, 14], t.Features.ToArray());
        Assert.Equal([1, 0, 1], t.Labels);
        Assert.Equal(3, t.Count);
        Assert.Equal(["a", "b", "c"], t.ClassNames.ToArray());
    }

    [Theory]
    [InlineData(10, 0.7, 7)]
    [InlineData(10, 0.25, 2)]   // 2.5 rounds to even
    [InlineData(7, 0.5, 4)]     // 3.5 rounds to even
    [InlineData(3, 0.01, 0)]
    public void Split_puts_the_rounded_fraction_of_a_permutation_in_train_and_the_rest_in_test(int n, double fraction, int trainRows)
    {
        var expected = trainRows;
        var (train, test) = Rows(n).Split(Key.Create(2), fraction);
        Assert.Equal(expected, train.Count);
        Assert.Equal(n - expected, test.Count);
        var all = train.Features.ToArray().Concat(test.Features.ToArray()).Where((_, i) => i % 2 == 0).Order();
        Assert.Equal(Enumerable.Range(0, n).Select(i => (double)i), all);
        Assert.Equal(Key.Create(2).Permutation(n)[..expected], train.Features.ToArray().Where((_, i) => i % 2 == 0).Select(v => (int)v));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_train_fraction_outside_0_to_1_is_rejected(double fraction)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Rows(4).Split(Key.Create(0), fraction));
        Assert.Equal("trainFraction", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset<double>.SplitRows(Key.Create(0), 4, fraction));
    }

    [Fact]
    public void Batches_cover_each_row_once_in_the_keys_order_the_last_one_smaller()
    {
        var batches = Rows(7).Batches(Key.Create(5), 3).ToArray();
        Assert.Equal([3, 3, 1], batches.Select(b => b.Count));
        var order = Key.Create(5).Permutation(7);
        Assert.Equal(order.Select(i => (double)i), batches.SelectMany(b => b.Features.ToArray().Where((_, i) => i % 2 == 0)));
        Assert.Equal(order.Select(i => i % 3), batches.SelectMany(b => b.Labels));
        Assert.Single(Rows(7).Batches(Key.Create(5), 7));
        Assert.Single(Rows(7).Batches(Key.Create(5), 100));
        Assert.Empty(Rows(0).Batches(Key.Create(5), 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_batch_size_not_positive_is_rejected(int size) =>
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => Rows(4).Batches(Key.Create(0), size).ToArray()).ParamName);

    [Fact]
    public void Reshape_keeps_the_rows_and_gives_each_example_the_shape()
    {
        var d = Rows(3).Reshape(2, 1);
        Assert.Equal(new Shape(3, 2, 1), d.Features.Shape);
        Assert.Equal(Rows(3).Features.ToArray(), d.Features.ToArray());
        Assert.Equal(Rows(3).Labels, d.Labels);
    }

    [Fact]
    public void The_text_form_counts_each_class_with_its_name()
    {
        // Labels of 5 rows: 0 1 2 0 1; class 2 has no name.
        var d = Rows(5) with { ClassNames = ["cat", "dog"] };
        Assert.Equal(
            "Dataset: 5 rows, features [5, 2], 3 classes\n" +
            "class  name  rows\n" +
            "0       cat     2\n" +
            "1       dog     2\n" +
            "2               1\n", d.ToString());
    }

    [Fact]
    public void The_html_form_has_the_class_counts_and_the_first_five_rows()
    {
        var html = (Rows(7) with { ClassNames = ["cat", "dog", "<bird>"] }).ToHtml();
        Assert.Equal(
            "<p>7 rows, features [7, 2], 3 classes</p>\n<table>\n<thead><tr><th>class</th><th>name</th><th>rows</th></tr></thead>\n<tbody>\n" +
            "<tr><td>0</td><td>cat</td><td>3</td></tr>\n<tr><td>1</td><td>dog</td><td>2</td></tr>\n<tr><td>2</td><td>&lt;bird&gt;</td><td>2</td></tr>\n" +
            "</tbody>\n</table>" +
            "<p>the first rows</p>\n<table>\n<thead><tr><th>row</th><th>label</th><th>0</th><th>1</th></tr></thead>\n<tbody>\n" +
            "<tr><td>0</td><td>0</td><td>0</td><td>10</td></tr>\n<tr><td>1</td><td>1</td><td>1</td><td>11</td></tr>\n" +
            "<tr><td>2</td><td>2</td><td>2</td><td>12</td></tr>\n<tr><td>3</td><td>0</td><td>3</td><td>13</td></tr>\n" +
            "<tr><td>4</td><td>1</td><td>4</td><td>14</td></tr>\n</tbody>\n</table>", html);
    }

    [Fact]
    public void The_html_preview_shows_eight_features_then_an_ellipsis_with_four_significant_digits()
    {
        // One row of ten features 1/3, 2/3, ...: the first eight shown to four significant digits, then "…".
        var d = new Dataset<double>(Tensor<double>.FromSpan(new Shape(1, 10), [.. Enumerable.Range(1, 10).Select(i => i / 3.0)]), [1], 2);
        var html = d.ToHtml();
        Assert.Contains("<thead><tr><th>row</th><th>label</th><th>0</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th><th>6</th><th>7</th><th>…</th></tr></thead>", html);
        Assert.Contains("<tr><td>0</td><td>1</td><td>0.3333</td><td>0.6667</td><td>1</td><td>1.333</td><td>1.667</td><td>2</td><td>2.333</td><td>2.667</td><td>…</td></tr>", html);
        Assert.Contains("<tr><td>0</td><td></td><td>0</td></tr>\n<tr><td>1</td><td></td><td>1</td></tr>", html);
    }

    [Fact]
    public void Exactly_eight_features_have_no_ellipsis_and_labels_outside_the_classes_are_not_counted()
    {
        var d = new Dataset<double>(Tensor<double>.Zeros(new Shape(3, 8)), [5, -1, 2], 2);
        var html = d.ToHtml();
        Assert.DoesNotContain("…", html);
        Assert.Contains("<th>7</th></tr>", html);
        Assert.Contains("<tr><td>0</td><td></td><td>0</td></tr>\n<tr><td>1</td><td></td><td>0</td></tr>", html);
        Assert.Contains("<tr><td>1</td><td>-1</td><td>0</td>", html);
    }

    [Fact]
    public void An_empty_data_set_shows_its_classes_and_no_rows()
    {
        var d = new Dataset<float>(Tensor<float>.Zeros(new Shape(0, 4)), [], 2);
        Assert.Equal("Dataset: 0 rows, features [0, 4], 2 classes\nclass  name  rows\n0               0\n1               0\n", d.ToString());
        Assert.EndsWith("<p>the first rows</p>\n<table>\n<thead><tr><th>row</th><th>label</th></tr></thead>\n<tbody>\n</tbody>\n</table>", d.ToHtml());
    }
}
