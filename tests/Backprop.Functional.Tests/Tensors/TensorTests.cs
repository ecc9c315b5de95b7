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
}
