using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Blocks.Slice and Blocks.Place against element-by-element copies over [outer, n, inner]: exact.</summary>
public class BlocksTests
{
    private static Arbitrary<(int Outer, int N, int Inner, int Start, int Count)> Cases() =>
        (from outer in Gen.Choose(0, 4)
         from n in Gen.Choose(1, 12)
         from inner in Gen.OneOf(Gen.Elements(1, 3, 7, 17, 33, 65), Gen.Choose(1, 40))
         from start in Gen.Choose(0, n)
         from count in Gen.Choose(0, n - start)
         select (Outer: outer, N: n, Inner: inner, Start: start, Count: count)).ToArbitrary();

    /// <summary>dst[o, k, i] = src[o, start + k, i]: every element of dst, exactly (values are distinct, so any misplaced copy shows).</summary>
    [Property(MaxTest = 200)]
    public Property Slice_copies_the_middle_axis_range() =>
        Prop.ForAll(Cases(), c =>
        {
            Slice<float>(c, i => i + 0.25f);
            Slice<double>(c, i => i + 0.25);
            Slice<int>(c, i => i);
        });

    /// <summary>dst[o, start + k, i] = src[o, k, i], and every other element of dst keeps its value.</summary>
    [Property(MaxTest = 200)]
    public Property Place_writes_the_range_and_leaves_the_rest() =>
        Prop.ForAll(Cases(), c =>
        {
            Place<float>(c, i => i + 0.25f);
            Place<double>(c, i => i + 0.25);
            Place<int>(c, i => i);
        });

    private static void Slice<T>((int Outer, int N, int Inner, int Start, int Count) c, Func<int, T> value) where T : unmanaged
    {
        var (outer, n, inner, start, count) = c;
        var src = Enumerable.Range(0, outer * n * inner).Select(value).ToArray();
        var dst = new T[outer * count * inner];
        Blocks.Slice<T>(src, dst, outer, n, inner, start, count);
        for (var o = 0; o < outer; o++)
            for (var k = 0; k < count; k++)
                for (var i = 0; i < inner; i++)
                    Assert.True(dst[(o * count + k) * inner + i].Equals(src[(o * n + start + k) * inner + i]), $"{typeof(T).Name} {c}: dst[{o}, {k}, {i}]");
    }

    private static void Place<T>((int Outer, int N, int Inner, int Start, int Count) c, Func<int, T> value) where T : unmanaged
    {
        var (outer, n, inner, start, count) = c;
        var src = Enumerable.Range(0, outer * count * inner).Select(value).ToArray();
        var before = Enumerable.Range(0, outer * n * inner).Select(i => value(-1 - i)).ToArray();
        var dst = (T[])before.Clone();
        Blocks.Place<T>(src, dst, outer, n, inner, start, count);
        for (var o = 0; o < outer; o++)
            for (var k = 0; k < n; k++)
                for (var i = 0; i < inner; i++)
                {
                    var at = (o * n + k) * inner + i;
                    var expected = k >= start && k < start + count ? src[(o * count + k - start) * inner + i] : before[at];
                    Assert.True(dst[at].Equals(expected), $"{typeof(T).Name} {c}: dst[{o}, {k}, {i}]");
                }
    }
}
