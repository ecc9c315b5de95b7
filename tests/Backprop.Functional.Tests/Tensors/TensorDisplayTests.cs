using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>How tensors and parameter trees show themselves: text for small and large tensors, and the notebook's HTML.</summary>
public class TensorDisplayTests
{
    private static string Table(string head, string body) => $"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>";

    [Fact]
    public void A_vector_is_one_row_under_its_indices()
    {
        Assert.Equal("<p><code>Tensor&lt;double&gt;</code> [2], 2 values</p>" + Table("<th>0</th><th>1</th>", "<tr><td>1.5</td><td>-2</td></tr>\n"),
            Tensor.Vector(1.5, -2.0).ToHtml());
    }

    [Fact]
    public void A_matrix_is_a_table_with_its_row_and_column_indices()
    {
        Assert.Equal("<p><code>Tensor&lt;float&gt;</code> [2, 2], 4 values</p>"
            + Table("<th></th><th>0</th><th>1</th>", "<tr><td>0</td><td>1</td><td>2</td></tr>\n<tr><td>1</td><td>3</td><td>4</td></tr>\n"),
            Tensor.Matrix([[1f, 2f], [3f, 4f]]).ToHtml());
    }

    [Fact]
    public void A_scalar_an_empty_tensor_and_a_tensor_past_rank_two_show_their_value_nothing_and_a_summary()
    {
        Assert.Equal("<p><code>Tensor&lt;double&gt;</code> [], 1 value</p><pre>2.5</pre>", Tensor.Scalar(2.5).ToHtml());
        Assert.Equal("<p><code>Tensor&lt;double&gt;</code> [0, 3], 0 values</p>", Tensor<double>.Zeros(new Shape(0, 3)).ToHtml());
        Assert.Equal("<p><code>Tensor&lt;double&gt;</code> [2, 2, 2], 8 values</p><p>min 0, max 7, mean 3.5</p>",
            Tensor.Create(new Shape(2, 2, 2), 0.0, 1, 2, 3, 4, 5, 6, 7).ToHtml());
        Assert.StartsWith("<p><code>Tensor&lt;Half&gt;</code> [1], 1 value</p>", Tensor<Half>.Ones(new Shape(1)).ToHtml());
    }

    [Fact]
    public void Past_the_display_edge_the_middle_is_elided()
    {
        var edge = Tensor<double>.DisplayEdge;
        var all = Tensor.Vector<double>([.. Enumerable.Range(0, edge).Select(i => (double)i)]).ToHtml();
        Assert.Contains($"<th>{edge - 1}</th></tr>", all);
        Assert.DoesNotContain("…", all);
        var cut = Tensor.Vector<double>([.. Enumerable.Range(0, edge + 1).Select(i => (double)i)]).ToHtml();
        Assert.Contains($"<th>0</th><th>1</th>", cut);
        Assert.Contains($"<th>{edge - 2}</th><th>…</th><th>{edge}</th></tr>", cut);
        Assert.Contains($"<td>{edge - 2}</td><td>…</td><td>{edge}</td></tr>", cut);
        Assert.DoesNotContain($"<th>{edge - 1}</th>", cut);
    }

    [Fact]
    public void A_large_matrix_elides_rows_and_columns()
    {
        var n = Tensor<double>.DisplayEdge + 1;
        var html = Tensor<double>.FromSpan(new Shape(n, n), [.. Enumerable.Range(0, n * n).Select(i => (double)i)]).ToHtml();
        string Row(string label, IEnumerable<string> cells) => $"<tr><td>{label}</td>{string.Concat(cells.Select(c => $"<td>{c}</td>"))}</tr>";
        IEnumerable<string> Cells(int i) => Enumerable.Range(0, n - 2).Select(j => $"{i * n + j}").Append("…").Append($"{i * n + n - 1}");
        Assert.Contains(Row("0", Cells(0)), html);
        Assert.Contains(Row($"{n - 3}", Cells(n - 3)) + "\n" + Row("…", Enumerable.Repeat("…", n)) + "\n" + Row($"{n - 1}", Cells(n - 1)), html);
    }

    [Fact]
    public void Text_is_nested_brackets_of_four_significant_digits_up_to_a_hundred_values()
    {
        Assert.Equal("2.5", Tensor.Scalar(2.5).ToString());
        Assert.Equal("[1.235, 1.235E+04, -0.5]", Tensor.Vector(1.23456, 12345.6, -0.5).ToString());
        Assert.Equal("[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]", Tensor.Create(new Shape(2, 2, 2), 0.0, 1, 2, 3, 4, 5, 6, 7).ToString());
        Assert.StartsWith("[0, 1, 2, ", Tensor.Vector<double>([.. Enumerable.Range(0, 100).Select(i => (double)i)]).ToString());
        Assert.Equal("Tensor[101] (min -50, max 50, mean 0)", Tensor.Vector<double>([.. Enumerable.Range(-50, 101).Select(i => (double)i)]).ToString());
        Assert.Equal("Tensor[101] (min 0, max 100, mean 50)", Tensor.Vector<double>([.. Enumerable.Range(0, 101).Select(i => (double)i)]).ToString());
    }

    [Fact]
    public void A_parameter_tree_is_a_table_of_paths_shapes_sizes_and_norms()
    {
        var p = Params<double>.Empty.With("b", Tensor<double>.Zeros(new Shape(1, 2))).With("a", Tensor.Vector(3.0, 4.0));
        Assert.Equal("<p>2 tensors, 4 values</p>\n" + Table("<th>path</th><th>shape</th><th>values</th><th>norm</th>",
            "<tr><td>a</td><td>[2]</td><td>2</td><td>5</td></tr>\n<tr><td>b</td><td>[1, 2]</td><td>2</td><td>0</td></tr>\n"), p.ToHtml());
        Assert.Equal("<p>1 tensor, 3 values</p>\n" + Table("<th>path</th><th>shape</th><th>values</th><th>norm</th>",
            "<tr><td>w</td><td>[3]</td><td>3</td><td>1.732</td></tr>\n"), Params<double>.Empty.With("w", Tensor<double>.Ones(new Shape(3))).ToHtml());
        Assert.Equal($"a: [2]{Environment.NewLine}b: [1, 2]", p.ToString());
    }
}
