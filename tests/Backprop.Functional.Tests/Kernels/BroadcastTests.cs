using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Broadcast kernels against an element-by-element reference that maps each result index back to its operands.</summary>
public class BroadcastTests
{
    [Property(Arbitrary = [typeof(BroadcastCase)], MaxTest = 300)]
    public void Binary_matches_the_element_wise_reference_for_every_operation(BroadcastCase c)
    {
        foreach (var op in Enum.GetValues<BinaryOp>())
        {
            CheckBinary<float>(op, c);
            CheckBinary<double>(op, c);
        }
    }

    [Property(Arbitrary = [typeof(BroadcastCase)], MaxTest = 200)]
    public void To_copies_each_element_to_every_place_it_stretches_over(BroadcastCase c)
    {
        var x = BroadcastCase.Values(new Random(c.Seed), BroadcastCase.Count(c.XDims));
        var d = new double[BroadcastCase.Count(c.DDims)];
        Broadcast.To<double>(x, c.XDims, d, c.DDims);
        for (var i = 0; i < d.Length; i++)
            Assert.True(x[BroadcastCase.Source(c.XDims, BroadcastCase.Index(c.DDims, i))] == d[i], $"{c}: d[{i}] = {d[i]}");
    }

    [Fact]
    public void Scalars_stretch_on_either_side()
    {
        var d = new float[3];
        Broadcast.Binary<float>(BinaryOp.Subtract, [10f], [], [1f, 2, 3], [3], d, [3]);
        Assert.Equal([9f, 8, 7], d);
        Broadcast.Binary<float>(BinaryOp.Divide, [3f, 6, 9], [3], [3f], [1], d, [3]);
        Assert.Equal([1f, 2, 3], d);
        Broadcast.Binary<float>(BinaryOp.Power, [2f], [1], [1f, 2, 3], [3], d, [3]);
        Assert.Equal([2f, 4, 8], d);
    }

    [Fact]
    public void An_empty_result_is_left_alone_and_an_unknown_operation_is_refused()
    {
        Broadcast.Binary<double>(BinaryOp.Add, [], [0, 2], [1.0, 2], [2], [], [0, 2]);
        Broadcast.To<double>([1.0], [1], [], [0]);
        var d = new double[2];
        Assert.Throws<ArgumentOutOfRangeException>(() => Broadcast.Binary<double>((BinaryOp)99, [1.0, 2], [2], [3.0, 4], [2], d, [2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Broadcast.Binary<double>((BinaryOp)99, [1.0], [1], [3.0, 4], [2], d, [2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Broadcast.Binary<double>((BinaryOp)99, [1.0, 2], [2], [3.0], [1], d, [2]));
    }

    [Fact]
    public void Select_takes_a_where_the_condition_is_not_zero_and_NaN_counts_as_true()
    {
        var d = new double[4];
        Broadcast.Select<double>([1, 0, double.NaN, -0.0], [1, 2, 3, 4], [5, 6, 7, 8], d);
        Assert.Equal([1.0, 6, 3, 8], d);
    }

    private static void CheckBinary<T>(BinaryOp op, BroadcastCase c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(c.Seed);
        var x = BroadcastCase.Values(rng, BroadcastCase.Count(c.XDims)).Select(T.CreateChecked).ToArray();
        var y = BroadcastCase.Values(rng, BroadcastCase.Count(c.YDims)).Select(T.CreateChecked).ToArray();
        var d = new T[BroadcastCase.Count(c.DDims)];
        Broadcast.Binary<T>(op, x, c.XDims, y, c.YDims, d, c.DDims);
        for (var i = 0; i < d.Length; i++)
        {
            var index = BroadcastCase.Index(c.DDims, i);
            var (a, b) = (x[BroadcastCase.Source(c.XDims, index)], y[BroadcastCase.Source(c.YDims, index)]);
            var expected = Reference(op, a, b);
            var same = T.IsNaN(expected) ? T.IsNaN(d[i]) : op == BinaryOp.Power ? Close(d[i], expected) : d[i] == expected;
            Assert.True(same, $"{typeof(T).Name} {op} {c}: d[{i}] = {d[i]} from {a}, {b}; expected {expected}");
        }
    }

    private static T Reference<T>(BinaryOp op, T x, T y) where T : IBinaryFloatingPointIeee754<T> => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Maximum => T.Max(x, y),
        BinaryOp.Minimum => T.Min(x, y),
        BinaryOp.Power => T.Pow(x, y),
        BinaryOp.Greater => x > y ? T.One : T.Zero,
        BinaryOp.GreaterOrEqual => x >= y ? T.One : T.Zero,
        BinaryOp.Less => x < y ? T.One : T.Zero,
        BinaryOp.LessOrEqual => x <= y ? T.One : T.Zero,
        BinaryOp.Equal => x == y ? T.One : T.Zero,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    // The power of small halves: within a few ulps relative (vectorised Pow is not correctly rounded).
    private static bool Close<T>(T actual, T expected) where T : IBinaryFloatingPointIeee754<T> =>
        actual == expected || T.Abs(actual - expected) <= T.CreateChecked(8) * T.Abs(expected) * (T.BitIncrement(T.One) - T.One);
}
