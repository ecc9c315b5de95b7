using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// The short-row copies and sums of im2col and col2im, at every length from 0 to 70 and every offset in a vector:
/// exactly the values of an element-by-element loop, and nothing written past the row (the element after it stays NaN).
/// The 256-bit copy is tested directly too, since on AVX-512 hardware the dispatching copy never takes it.
/// </summary>
public class ShortRowsTests
{
    private static Arbitrary<(int N, int Offset, int Seed)> Rows() =>
        (from n in Gen.Choose(0, 70) from offset in Gen.Choose(0, 7) from seed in KernelGen.Seed select (n, offset, seed)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Copy_moves_exactly_the_row() => Prop.ForAll(Rows(), c =>
    {
        CopyCheck<float>(c.N, c.Offset, c.Seed, wide: false);
        CopyCheck<double>(c.N, c.Offset, c.Seed, wide: false);
        if (Vector256.IsHardwareAccelerated && c.N >= Vector256<float>.Count) CopyCheck<float>(c.N, c.Offset, c.Seed, wide: true);
        if (Vector256.IsHardwareAccelerated && c.N >= Vector256<double>.Count) CopyCheck<double>(c.N, c.Offset, c.Seed, wide: true);
    });

    [Property(MaxTest = 200)]
    public Property Add_sums_exactly_the_row() => Prop.ForAll(Rows(), c =>
    {
        AddCheck<float>(c.N, c.Offset, c.Seed);
        AddCheck<double>(c.N, c.Offset, c.Seed);
    });

    /// <summary>CopyOver moves the row exactly and writes at most <c>Slack</c> − 1 elements past it (whole vectors).</summary>
    [Property(MaxTest = 200)]
    public Property CopyOver_moves_the_row_and_runs_over_by_less_than_its_slack() => Prop.ForAll(Rows(), c =>
    {
        CopyOverCheck<float>(c.N, c.Offset, c.Seed);
        CopyOverCheck<double>(c.N, c.Offset, c.Seed);
    });

    private static unsafe void CopyOverCheck<T>(int n, int offset, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var slack = ShortRows.Slack<T>();
        Assert.Equal(64 / sizeof(T), slack);
        var src = Samples.Normal<T>(new Random(seed), n + offset + slack);
        var dst = Samples.Filled(n + offset + slack, T.NaN);
        fixed (T* s = src, d = dst) ShortRows.CopyOver(s + offset, d + offset, n);
        for (var i = 0; i < offset; i++) Assert.True(T.IsNaN(dst[i]), $"{typeof(T).Name} n {n}: wrote before the row at {i}");
        for (var i = 0; i < n; i++) Assert.Equal(src[offset + i], dst[offset + i]);
        Assert.True(T.IsNaN(dst[offset + n + slack - 1]), $"{typeof(T).Name} n {n} offset {offset}: ran over by a whole slack");
    }

    private static unsafe void CopyCheck<T>(int n, int offset, int seed, bool wide) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var src = Samples.Normal<T>(new Random(seed), n + offset);
        var dst = Samples.Filled(n + offset + 1, T.NaN);
        fixed (T* s = src, d = dst)
            if (wide) ShortRows.Copy256(s + offset, d + offset, n);
            else ShortRows.Copy(s + offset, d + offset, n);
        for (var i = 0; i < offset; i++) Assert.True(T.IsNaN(dst[i]), $"{typeof(T).Name} n {n}: wrote before the row at {i}");
        for (var i = 0; i < n; i++) Assert.Equal(src[offset + i], dst[offset + i]);
        Assert.True(T.IsNaN(dst[offset + n]), $"{typeof(T).Name} n {n} offset {offset} wide {wide}: wrote past the row");
    }

    private static unsafe void AddCheck<T>(int n, int offset, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var values = Samples.Normal<T>(rng, n + offset);
        var sums = Samples.Normal<T>(rng, n + offset + 1);
        var expected = (T[])sums.Clone();
        for (var i = 0; i < n; i++) expected[offset + i] += values[offset + i];
        fixed (T* v = values, s = sums) ShortRows.Add(v + offset, s + offset, n);
        Assert.Equal(expected, sums);
    }
}
