using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>Shapes: size, equality, indexing from the end, and NumPy's broadcasting rules (numpy.org, "Broadcasting").</summary>
public class ShapeTests
{
    [Fact]
    public void The_size_is_the_product_of_the_dimensions_and_must_fit_an_int()
    {
        Assert.Equal(24, new Shape(2, 3, 4).Size);
        Assert.Equal(0, new Shape(0, 5).Size);
        Assert.Equal(1, Shape.Scalar.Size);
        Assert.Equal(int.MaxValue, new Shape(int.MaxValue).Size);
        Assert.Throws<ShapeException>(() => new Shape(65536, 32768).Size);       // 2³¹
    }

    [Fact]
    public void The_default_shape_is_the_scalar()
    {
        var none = default(Shape);
        Assert.Empty(none.Dims);
        Assert.Equal(0, none.Rank);
        Assert.Equal(1, none.Size);
        Assert.Equal("[]", none.ToString());
        Assert.True(none == Shape.Scalar);
        Assert.Equal(Shape.Scalar.GetHashCode(), none.GetHashCode());
    }

    [Fact]
    public void Equal_dimensions_make_equal_shapes()
    {
        Shape fromArray = new[] { 2, 3 };
        Assert.True(fromArray == new Shape(2, 3));
        Assert.False(fromArray != new Shape(2, 3));
        Assert.True(fromArray != new Shape(3, 2));
        Assert.True(fromArray.Equals((object)new Shape(2, 3)));
        Assert.False(fromArray.Equals((object)new[] { 2, 3 }));
        Assert.Equal(new Shape(2, 3).GetHashCode(), fromArray.GetHashCode());
        var hashes = Enumerable.Range(1, 50).Select(n => new Shape(n, 2).GetHashCode()).Distinct().Count();
        Assert.True(hashes > 1, "every shape hashes alike");
        Assert.Equal("[2, 3]", fromArray.ToString());
    }

    [Fact]
    public void A_negative_axis_counts_from_the_end()
    {
        var s = new Shape(2, 3, 4);
        Assert.Equal([2, 3, 4], new[] { s[0], s[1], s[2] });
        Assert.Equal([4, 3, 2], new[] { s[-1], s[-2], s[-3] });
    }

    public static TheoryData<int[], int[], int[]> Broadcasts() => new()
    {
        { [3, 1, 5], [4, 5], [3, 4, 5] },
        { [4, 5], [3, 1, 5], [3, 4, 5] },
        { [2, 1], [1, 3], [2, 3] },
        { [], [2, 3], [2, 3] },
        { [2, 3], [], [2, 3] },
        { [5], [1], [5] },
        { [1], [5], [5] },
        { [2, 3], [2, 3], [2, 3] },
        { [0], [1], [0] },
        { [1], [0], [0] },
    };

    [Theory, MemberData(nameof(Broadcasts))]
    public void Shapes_broadcast_by_numpys_rules(int[] a, int[] b, int[] expected)
    {
        Assert.Equal(new Shape(expected), Shape.Broadcast(new Shape(a), new Shape(b)));
    }

    [Fact]
    public void Shapes_that_do_not_broadcast_name_both_and_the_axis()
    {
        var e = Assert.Throws<ShapeException>(() => Shape.Broadcast(new Shape(2, 3), new Shape(3, 2)));
        Assert.Equal("'broadcast' cannot broadcast [2, 3] and [3, 2]: axis -1 has 3 and 2 (each must be equal or 1)", e.Message);
    }

    public static TheoryData<int[], int[], bool> Targets() => new()
    {
        { [3], [2, 3], true },
        { [1, 3], [2, 3], true },
        { [2, 1], [2, 3], true },
        { [], [4], true },
        { [3], [3], true },
        { [2, 3], [3], false },
        { [2, 2], [2, 3], false },
        { [4], [2, 3], false },
    };

    [Theory, MemberData(nameof(Targets))]
    public void A_shape_broadcasts_to_a_target_when_each_axis_fits_or_is_one(int[] shape, int[] target, bool expected)
    {
        Assert.Equal(expected, new Shape(shape).BroadcastsTo(new Shape(target)));
    }
}
