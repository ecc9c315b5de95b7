using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>GEMM against a double-precision reference, and thread-count independence of the results.</summary>
[Collection("Parallelism")]
public class GemmTests
{
    [Property(Arbitrary = [typeof(GemmCases)], MaxTest = 300)]
    public void FloatMatchesReference(GemmCase g) => GemmReference.Check<float>(g);

    [Property(Arbitrary = [typeof(GemmCases)], MaxTest = 300)]
    public void DoubleMatchesReference(GemmCase g) => GemmReference.Check<double>(g);

    [Theory]
    [InlineData(128, 256, 784, false, false)]
    [InlineData(128, 784, 256, false, true)]
    [InlineData(784, 256, 128, true, false)]
    [InlineData(131, 801, 517, true, true)]
    [InlineData(1000, 9, 300, false, false)]
    public void ThreadedPathMatchesReference(int m, int n, int k, bool transA, bool transB)
    {
        Parallelism.With(2, () =>
        {
            GemmReference.Check<float>(new GemmCase(m, n, k, transA, transB, false, 1));
            GemmReference.Check<double>(new GemmCase(m, n, k, transA, transB, true, 2));
            return 0;
        });
    }

    [Theory]
    [InlineData(128, 256, 784, false, false)]
    [InlineData(128, 784, 256, false, true)]
    [InlineData(784, 256, 128, true, false)]
    [InlineData(256, 128, 128, true, false)]
    [InlineData(131, 801, 517, true, true)]
    [InlineData(1000, 9, 300, false, false)]
    public void ResultsAreBitIdenticalForOneAndTwoThreads(int m, int n, int k, bool transA, bool transB)
    {
        AssertSameBits<float>(m, n, k, transA, transB);
        AssertSameBits<double>(m, n, k, transA, transB);
    }

    [Fact]
    public void ConcurrentCallersGetCorrectResults()
    {
        Parallelism.With(2, () => Parallel.For(0, 8, i => GemmReference.Check<float>(new GemmCase(96, 200, 150 + i, i % 2 == 0, i % 3 == 0, i % 4 == 0, i))));
    }

    [Fact]
    public void A_limit_holds_inside_its_scope_only_and_for_no_other_caller()
    {
        var outside = Parallelism.MaxDegreeOfParallelism;
        using var ready = new Barrier(2);
        int Seen(int threads) => Parallelism.With(threads, () =>
        {
            ready.SignalAndWait();                       // both limits are in force at once
            var (first, inner) = (Parallelism.MaxDegreeOfParallelism, Parallelism.With(threads + 1, () => Parallelism.MaxDegreeOfParallelism));
            ready.SignalAndWait();
            return first == threads && inner == threads + 1 && Parallelism.MaxDegreeOfParallelism == threads ? threads : -1;
        });
        var seen = new[] { 1, 3 }.AsParallel().WithDegreeOfParallelism(2).Select(Seen).OrderBy(t => t).ToArray();
        Assert.Equal([1, 3], seen);
        Assert.Equal(outside, Parallelism.MaxDegreeOfParallelism);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount), outside);
        Assert.Equal(1, Parallelism.With(0, () => Parallelism.MaxDegreeOfParallelism));
    }

    /// <summary>A product with few columns takes the transposed path; its columns must be those of a wide product, bit for bit.</summary>
    [Property(MaxTest = 200)]
    public Property A_narrow_product_has_the_bits_of_the_same_columns_of_a_wide_one() => Prop.ForAll(
        Arb.From(
            from m in Gen.Elements(32, 33, 65, 129, 200)
            from n in Gen.Choose(1, 16)
            from k in Gen.Elements(1, 7, 65, 300)
            from transA in Gen.Elements(false, true)
            from transB in Gen.Elements(false, true)
            from seed in Gen.Choose(0, int.MaxValue)
            select new GemmCase(m, n, k, transA, transB, false, seed)),
        g =>
        {
            AssertNarrowMatchesWide<float>(g);
            AssertNarrowMatchesWide<double>(g);
        });

    /// <summary>One row panel and more columns than a block of B holds: B is read in place, block after block, the last panel partial.</summary>
    [Theory]
    [InlineData(3, 801, 300, false)]
    [InlineData(8, 1000, 65, true)]
    public void A_short_wide_product_reads_every_block_of_B_in_place(int m, int n, int k, bool transA)
    {
        GemmReference.Check<float>(new GemmCase(m, n, k, transA, false, false, 3));
        GemmReference.Check<double>(new GemmCase(m, n, k, transA, false, true, 4));
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsC()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply<float>([], false, [], false, c, 2, 2, 0, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Gemm.Multiply<float>([], false, [], false, c, 2, 2, 0);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    private static void AssertNarrowMatchesWide<T>(GemmCase g) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (m, n, k) = (g.M, g.N, g.K);
        var wide = n + 48;                               // more than twice any kernel's width: the direct path
        var rng = new Random(g.Seed);
        T[] a = GemmReference.Random<T>(rng, m * k), bWide = GemmReference.Random<T>(rng, k * wide);
        // B is the first n columns of the wide B (rows of it when B is stored transposed).
        var b = new T[k * n];
        for (var p = 0; p < k; p++)
            for (var j = 0; j < n; j++)
                if (g.TransB) b[j * k + p] = bWide[j * k + p];
                else b[p * n + j] = bWide[p * wide + j];
        T[] narrow = GemmReference.Random<T>(rng, m * n), direct = new T[m * wide];
        Gemm.Multiply<T>(a, g.TransA, b, g.TransB, narrow, m, n, k);
        Gemm.Multiply<T>(a, g.TransA, bWide, g.TransB, direct, m, wide, k);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                Assert.True(narrow[i * n + j].Equals(direct[i * wide + j]),
                    $"{typeof(T).Name} {g}: C[{i},{j}] = {narrow[i * n + j]}, the wide product has {direct[i * wide + j]}");
    }

    private static void AssertSameBits<T>(int m, int n, int k, bool transA, bool transB)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(m * 31 + n * 7 + k);
        T[] a = GemmReference.Random<T>(rng, m * k), b = GemmReference.Random<T>(rng, k * n), c0 = GemmReference.Random<T>(rng, m * n);
        foreach (var accumulate in new[] { false, true })
        {
            var one = (T[])c0.Clone();
            var two = (T[])c0.Clone();
            Parallelism.With(1, () => { Gemm.Multiply<T>(a, transA, b, transB, one, m, n, k, accumulate); return 0; });
            Parallelism.With(2, () => { Gemm.Multiply<T>(a, transA, b, transB, two, m, n, k, accumulate); return 0; });
            Assert.True(MemoryMarshal.AsBytes(one.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(two.AsSpan())),
                $"{typeof(T).Name} {m}x{n}x{k} differs between 1 and 2 threads");
        }
    }
}
