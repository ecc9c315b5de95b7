using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void Arithmetic_returns_new_tensors_and_leaves_inputs_alone()
    {
        var a = Tensor.Vector(1.0, 2.0);
        var b = Tensor.Vector(10.0, 20.0);
        var c = a + b;
        Assert.Equal([11.0, 22.0], c.ToArray());
        Assert.Equal([1.0, 2.0], a.ToArray());
        var copy = a.ToArray();
        copy[0] = 99;
        Assert.Equal(1.0, a[0]);
    }

    [Fact]
    public void Mismatched_shapes_name_both()
    {
        var e = Assert.Throws<ShapeException>(() => Tensor<float>.Zeros(new Shape(2, 3)) + Tensor<float>.Zeros(new Shape(3, 2)));
        Assert.Contains("[2, 3] and [3, 2]", e.Message);
    }

    [Fact]
    public void Indexing_is_row_major()
    {
        var t = Tensor.Create(new Shape(2, 3), 0f, 1f, 2f, 3f, 4f, 5f);
        Assert.Equal(5f, t[1, 2]);
        Assert.Equal("[[0, 1, 2], [3, 4, 5]]", t.ToString());
        Assert.Throws<ShapeException>(() => t[2, 0]);
    }

    [Fact]
    public void Gather_and_rows_pick_along_the_first_axis()
    {
        var t = Tensor.Create(new Shape(3, 2), 0.0, 1, 2, 3, 4, 5);
        Assert.Equal([4.0, 5, 0, 1], t.Gather([2, 0]).ToArray());
        Assert.Equal([2.0, 3], t.Rows(1, 1).ToArray());
    }

    [Fact]
    public void Indexing_a_tensor_of_rank_three_is_row_major()
    {
        var t = Tensor.Create(new Shape(2, 2, 2), 0.0, 1, 2, 3, 4, 5, 6, 7);
        Assert.Equal(5.0, t[1, 0, 1]);
        Assert.Equal(6.0, t[1, 1, 0]);
    }

    [Fact]
    public void Reshape_keeps_the_elements_in_order_and_refuses_another_size()
    {
        var t = Tensor.Create(new Shape(2, 3), 0.0, 1, 2, 3, 4, 5);
        var r = t.Reshape(new Shape(3, 2));
        Assert.Equal(new Shape(3, 2), r.Shape);
        Assert.Equal(t.ToArray(), r.ToArray());
        Assert.Equal(3.0, r[1, 1]);
        Assert.Equal(new Shape(2, 3), t.Shape);
        Assert.Throws<ShapeException>(() => t.Reshape(new Shape(4)));
    }

    [Fact]
    public void Rows_and_gather_work_on_vectors_and_higher_ranks()
    {
        Assert.Equal([2.0, 3.0], Tensor.Vector(1.0, 2.0, 3.0).Rows(1, 2).ToArray());
        var cube = Tensor.Create(new Shape(2, 2, 2), 0.0, 1, 2, 3, 4, 5, 6, 7);
        Assert.Equal(new Shape(1, 2, 2), cube.Rows(1, 1).Shape);
        Assert.Equal([4.0, 5, 6, 7], cube.Rows(1, 1).ToArray());
        Assert.Equal([7.0, 7.0, 5.0], Tensor.Vector(5.0, 6.0, 7.0).Gather([2, 2, 0]).ToArray());
        Assert.Equal(new Shape(3, 2, 2), cube.Gather([1, 0, 1]).Shape);
    }

    [Fact]
    public void Factories_copy_their_values_and_check_their_counts()
    {
        var values = new[] { 1.0, 2.0 };
        var t = Tensor<double>.FromSpan(new Shape(2), values);
        values[0] = 9;
        Assert.Equal([1.0, 2.0], t.ToArray());
        Assert.Equal([7.0, 7.0], Tensor<double>.Full(new Shape(2), 7.0).ToArray());
        Assert.Equal([1f, 1f, 1f], Tensor<float>.Ones(new Shape(3)).ToArray());
        Assert.Equal(4.5, Tensor.Create(new Shape(1, 1), 4.5).ToScalar());
        Assert.Throws<ShapeException>(() => Tensor<double>.Own(new Shape(3), new double[2]));
        Assert.Equal([1.0, 2.0, 3.0], Tensor<double>.Own(new Shape(3), [1.0, 2.0, 3.0]).ToArray());
    }

    [Fact]
    public void A_matrix_is_made_from_rows_of_one_length()
    {
        var m = Tensor.Matrix([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
        Assert.Equal(new Shape(3, 2), m.Shape);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], m.ToArray());
        Assert.Equal(new Shape(0, 0), Tensor.Matrix(Array.Empty<double[]>()).Shape);
        Assert.Throws<ShapeException>(() => Tensor.Matrix([[1.0, 2.0], [3.0], [4.0, 5.0, 6.0]]));   // six values, but ragged
    }

    [Fact]
    public void Cast_converts_every_element()
    {
        var f = Tensor.Create(new Shape(1, 2), 1.5, -2.25).Cast<float>();
        Assert.Equal(new Shape(1, 2), f.Shape);
        Assert.Equal([1.5f, -2.25f], f.ToArray());
    }

    [Fact]
    public void Dot_and_add_scaled_check_their_operands()
    {
        Assert.Equal(1.0 * 4 + 2 * 5 + 3 * 6, Tensor.Vector(1.0, 2.0, 3.0).Dot(Tensor.Vector(4.0, 5.0, 6.0)));
        Assert.Throws<ShapeException>(() => Tensor.Vector(1.0, 2.0).Dot(Tensor.Vector(1.0, 2.0, 3.0)));
        Assert.Equal([3.0, 5.0], Tensor.Vector(1.0, 1.0).AddScaled(Tensor.Vector(1.0, 2.0), 2.0).ToArray());
        var e = Assert.Throws<ShapeException>(() => Tensor<double>.Zeros(new Shape(2, 3)).AddScaled(Tensor<double>.Zeros(new Shape(6)), 1.0));
        Assert.Equal("'add-scaled' needs equal shapes, got [2, 3] and [6]", e.Message);
    }

    [Fact]
    public void MaxAbs_norm_sum_and_map_see_every_element()
    {
        Assert.Equal(3.0, Tensor.Vector(1.0, -3.0, 2.0).MaxAbs());
        Assert.Equal(0.0, Tensor<double>.Zeros(new Shape(0)).MaxAbs());
        Assert.Equal(5.0, Tensor.Vector(3.0, -4.0).Norm());
        Assert.Equal(6.0, Tensor.Vector(1.0, 2.0, 3.0).Sum());
        Assert.Equal([10.0, 20.0, 30.0], Tensor.Vector(1.0, 2.0, 3.0).Map(v => 10 * v).ToArray());
    }

    [Fact]
    public void Comparisons_with_a_scalar_give_one_where_true()
    {
        var x = Tensor.Vector(1.0, 2.0, 3.0);
        Assert.Equal([0.0, 0.0, 1.0], (x > 2.0).ToArray());
        Assert.Equal([0.0, 1.0, 1.0], (x >= 2.0).ToArray());
        Assert.Equal([1.0, 0.0, 0.0], (x < 2.0).ToArray());
        Assert.Equal([1.0, 1.0, 0.0], (x <= 2.0).ToArray());
    }

    [Fact]
    public void Transpose_reverses_the_axes_and_permute_moves_them()
    {
        var m = Tensor.Create(new Shape(2, 3), 0.0, 1, 2, 3, 4, 5);
        Assert.Equal(new Shape(3, 2), m.Transpose().Shape);
        Assert.Equal([0.0, 3, 1, 4, 2, 5], m.Transpose().ToArray());
        var cube = Tensor<double>.Zeros(new Shape(2, 3, 4));
        Assert.Equal(new Shape(4, 3, 2), cube.Transpose().Shape);
        Assert.Equal(new Shape(2, 4, 3), cube.Permute(0, 2, 1).Shape);
        Assert.Same(cube, cube.Permute(0, 1, 2));
    }

    [Fact]
    public void SumTo_sums_the_stretched_and_the_missing_axes()
    {
        var ones = Tensor<double>.Ones(new Shape(2, 3, 4));
        Assert.Equal([6.0, 6, 6, 6], ones.SumTo(new Shape(4)).ToArray());
        Assert.Equal([8.0, 8, 8], ones.SumTo(new Shape(3, 1)).ToArray());
        Assert.Equal(new Shape(2, 1, 4), ones.SumTo(new Shape(2, 1, 4)).Shape);
        Assert.Equal([3.0, 3, 3, 3, 3, 3, 3, 3], ones.SumTo(new Shape(2, 1, 4)).ToArray());
        Assert.Equal([24.0], ones.SumTo(Shape.Scalar).ToArray());
        Assert.Same(ones, ones.SumTo(new Shape(2, 3, 4)));
    }

    [Fact]
    public void Reductions_along_an_axis_give_known_answers()
    {
        var m = Tensor.Create(new Shape(2, 3), 1.0, 5, 3, 4, 2, 6);
        Assert.Equal([9.0, 12.0], m.Sum(1).ToArray());
        Assert.Equal([3.0, 4.0], m.Mean(-1).ToArray());
        Assert.Equal(new Shape(2, 1), m.Mean(1, keepDims: true).Shape);
        Assert.Equal([4.0, 5, 6], m.Max(0).ToArray());
        Assert.Equal([1.0, 2, 3], m.Min(0).ToArray());
        Assert.Throws<ShapeException>(() => Tensor<double>.Zeros(new Shape(2, 0)).Min(1));
        Assert.Throws<ShapeException>(() => Tensor<double>.Zeros(new Shape(2, 0)).Max(1));
    }
}
