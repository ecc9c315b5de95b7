using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Axis permutations against the definition d[i₀…] = x[j] with j's axis axes[a] at index iₐ.</summary>
public class PermuteTests
{
    private static readonly Arbitrary<(int[] Dims, int[] Axes)> Cases = (
        from rank in Gen.Choose(1, 5)
        from dims in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (12, Gen.Choose(1, 5))), rank)
        from keys in Gen.ArrayOf(Gen.Choose(0, 1000), rank)
        select (dims, Enumerable.Range(0, rank).OrderBy(a => keys[a]).ThenBy(a => a).ToArray())).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Every_element_lands_where_the_permutation_sends_it() => Prop.ForAll(Cases, c =>
    {
        var (dims, axes) = c;
        var count = BroadcastCase.Count(dims);
        var x = Enumerable.Range(0, count).Select(i => (double)i).ToArray();
        var dDims = axes.Select(a => dims[a]).ToArray();
        var d = Enumerable.Repeat(-1.0, count).ToArray();
        Permute.Axes<double>(x, dims, axes, d);
        for (var i = 0; i < count; i++)
        {
            var index = BroadcastCase.Index(dDims, i);
            var source = new int[dims.Length];
            for (var a = 0; a < axes.Length; a++) source[axes[a]] = index[a];
            var j = source.Select((s, a) => (s, a)).Aggregate(0, (flat, t) => flat * dims[t.a] + t.s);
            Assert.True(d[i] == j, $"[{string.Join(",", dims)}] by ({string.Join(",", axes)}): d[{i}] = {d[i]}, expected x[{j}]");
        }
    });

    [Fact]
    public void A_scalar_is_copied_and_an_empty_tensor_is_left_alone()
    {
        var d = new float[1];
        Permute.Axes<float>([7f], [], [], d);
        Assert.Equal(7f, d[0]);
        Permute.Axes<float>([], [2, 0], [1, 0], []);
    }

    [Fact]
    public void A_transpose_of_a_matrix()
    {
        var d = new int[6];
        Permute.Axes<int>([1, 2, 3, 4, 5, 6], [2, 3], [1, 0], d);
        Assert.Equal([1, 4, 2, 5, 3, 6], d);
    }
}
