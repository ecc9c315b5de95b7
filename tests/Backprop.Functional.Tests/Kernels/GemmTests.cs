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
