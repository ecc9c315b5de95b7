using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Products with at most one vector of columns take <see cref="NarrowGemm{T}"/>: their columns must be a wide
/// product's (the tiled path) bit for bit, with every kernel width, on any number of threads, and nothing past C
/// may be written (each row is stored as a whole vector that spills into the next).
/// </summary>
[Collection("Parallelism")]
public class NarrowGemmTests
{
    private static readonly bool Avx2Fma = MicroKernelTests.Avx2Fma, Avx512Fma = MicroKernelTests.Avx512Fma;

    private static Arbitrary<GemmCase> Cases(int maxN) => Arb.From(
        from m in Gen.OneOf(Gen.Choose(1, 40), Gen.Elements(64, 129, 300))
        from n in Gen.Choose(1, maxN)
        from k in Gen.OneOf(Gen.Choose(1, 20), Gen.Elements(64, 257, 300, 600))   // several blocks of the reduction past 256
        from transA in Gen.Elements(false, true)
        from transB in Gen.Elements(false, true)
        from accumulate in Gen.Elements(false, true)
        from seed in Gen.Choose(0, int.MaxValue)
        select new GemmCase(m, n, k, transA, transB, accumulate, seed));

    [Property(MaxTest = 60)]
    public Property The_512_bit_narrow_products_have_the_bits_of_wide_ones() => Prop.ForAll(Cases(16), g =>
    {
        if (!Avx512Fma) return;
        AssertNarrowMatchesWide<float, MicroKernelF32x512>(g, 16);
        AssertNarrowMatchesWide<double, MicroKernelF64x512>(g with { N = Math.Min(g.N, 8) }, 8);
    });

    [Property(MaxTest = 60)]
    public Property The_256_bit_narrow_products_have_the_bits_of_wide_ones() => Prop.ForAll(Cases(8), g =>
    {
        if (!Avx2Fma) return;
        AssertNarrowMatchesWide<float, MicroKernelF32x256>(g, 8);
        AssertNarrowMatchesWide<double, MicroKernelF64x256>(g with { N = Math.Min(g.N, 4) }, 4);
    });

    [Fact]
    public void A_narrow_product_takes_the_widest_vector_whose_lanes_are_the_kernels_half_width()
    {
        Assert.Equal(Avx512Fma ? 512 : 0, NarrowGemm<float>.Width(16));
        Assert.Equal(Avx512Fma ? 512 : 0, NarrowGemm<double>.Width(8));
        Assert.Equal(Avx2Fma ? 256 : 0, NarrowGemm<float>.Width(8));
        Assert.Equal(Avx2Fma ? 256 : 0, NarrowGemm<double>.Width(4));
        Assert.Equal(0, NarrowGemm<float>.Width(4));                // the scalar kernel's half width: the tiled path
        Assert.Equal(0, NarrowGemm<double>.Width(2));
    }

    [Theory]
    [InlineData(20_003, 10, 64, false, false)]
    [InlineData(9_001, 3, 300, true, true)]
    [InlineData(4_096, 16, 128, true, false)]
    public void A_narrow_product_on_two_threads_has_the_bits_of_one_thread(int m, int n, int k, bool transA, bool transB)
    {
        var rng = new Random(m + n);
        float[] a = GemmReference.Random<float>(rng, m * k), b = GemmReference.Random<float>(rng, k * n);
        float[] one = new float[m * n], two = new float[m * n];
        Parallelism.With(1, () => { Gemm.Multiply<float>(a, transA, b, transB, one, m, n, k); return 0; });
        Parallelism.With(2, () => { Gemm.Multiply<float>(a, transA, b, transB, two, m, n, k); return 0; });
        Assert.Equal(one, two);
        Assert.Contains(one, v => v != 0);
    }

    /// <summary>
    /// The kernel's columns for C = A·B (or C + A·B) with B the first n columns of a wide B, against the wide product
    /// from the same first C; C sits in a larger array whose elements past m·n must keep their values.
    /// </summary>
    private static unsafe void AssertNarrowMatchesWide<T, TKernel>(GemmCase g, int lanes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TKernel : IMicroKernel<T>
    {
        var (m, n, k) = (g.M, g.N, g.K);
        Assert.True(2 * n <= TKernel.NR && n <= lanes);
        var wide = n + 3 * TKernel.NR;
        var rng = new Random(g.Seed);
        T[] a = GemmReference.Random<T>(rng, m * k), bWide = GemmReference.Random<T>(rng, k * wide);
        var b = new T[k * n];
        for (var p = 0; p < k; p++)
            for (var j = 0; j < n; j++)
                if (g.TransB) b[j * k + p] = bWide[j * k + p];
                else b[p * n + j] = bWide[p * wide + j];
        T[] narrow = GemmReference.Random<T>(rng, m * n + lanes), direct = GemmReference.Random<T>(rng, m * wide);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++) direct[i * wide + j] = narrow[i * n + j];
        var after = narrow[(m * n)..];
        fixed (T* pa = a, pb = b, pn = narrow, pw = bWide, pd = direct)
        {
            GemmDriver<T, TKernel>.Run(pa, g.TransA, pb, g.TransB, pn, m, n, k, g.Accumulate);
            GemmDriver<T, TKernel>.Run(pa, g.TransA, pw, g.TransB, pd, m, wide, k, g.Accumulate);
        }
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.True(narrow[i * n + j].Equals(direct[i * wide + j]),
                    $"{typeof(TKernel).Name} {g}: C[{i},{j}] = {narrow[i * n + j]}, the wide product has {direct[i * wide + j]}");
        Assert.Equal(after, narrow[(m * n)..]);
    }
}
