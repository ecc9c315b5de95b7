using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Reductions over the middle axis of [outer, n, inner] against loops over the definition. The values are small
/// multiples of ½, so every partial sum is exact in float and the order of the additions cannot matter.
/// </summary>
public class ReduceTests
{
    private static readonly Arbitrary<(int Outer, int N, int Inner, int Seed)> Cases = (
        from outer in Gen.Choose(0, 4)
        from n in Gen.Choose(1, 40)
        from inner in Gen.Frequency((1, Gen.Constant(1)), (2, Gen.Choose(1, 40)))
        from seed in Gen.Choose(0, int.MaxValue)
        select (outer, n, inner, seed)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Sum_max_and_min_match_their_definitions() => Prop.ForAll(Cases, c =>
    {
        var (outer, n, inner, seed) = c;
        var x = BroadcastCase.Values(new Random(seed), outer * n * inner).Select(v => (float)v).ToArray();
        float At(int o, int j, int i) => x[(o * n + j) * inner + i];
        var (sum, max, min) = (new float[outer * inner], new float[outer * inner], new float[outer * inner]);
        Reduce.Sum<float>(x, sum, outer, n, inner);
        Reduce.Max<float>(x, max, outer, n, inner);
        Reduce.Min<float>(x, min, outer, n, inner);
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var column = Enumerable.Range(0, n).Select(j => At(o, j, i)).ToArray();
                Assert.Equal(column.Sum(), sum[o * inner + i]);
                Assert.Equal(column.Max(), max[o * inner + i]);
                Assert.Equal(column.Min(), min[o * inner + i]);
            }
    });

    [Fact]
    public void The_sum_over_no_elements_is_zero_and_overwrites_the_destination()
    {
        var d = new double[] { 5, 5, 5 };
        Reduce.Sum<double>([], d, 3, 0, 1);
        Assert.Equal([0.0, 0, 0], d);
        var e = new double[] { 5, 5 };
        Reduce.Sum<double>([], e, 1, 0, 2);
        Assert.Equal([0.0, 0], e);
    }

    [Fact]
    public void NaN_wins_max_and_min_on_both_paths()
    {
        double[] rows = [1, double.NaN, 3], columns = [1, 2, double.NaN, 4, 5, 6];   // [1, 3, 1] and [1, 3, 2]: NaN in column 0
        var d = new double[2];
        Reduce.Max<double>(rows, d.AsSpan(0, 1), 1, 3, 1);
        Reduce.Min<double>(rows, d.AsSpan(1, 1), 1, 3, 1);
        Assert.All(d, v => Assert.True(double.IsNaN(v)));
        Reduce.Max<double>(columns, d, 1, 3, 2);
        Assert.True(double.IsNaN(d[0]) && d[1] == 6, $"max {d[0]}, {d[1]}");
        Reduce.Min<double>(columns, d, 1, 3, 2);
        Assert.True(double.IsNaN(d[0]) && d[1] == 2, $"min {d[0]}, {d[1]}");
    }
}
