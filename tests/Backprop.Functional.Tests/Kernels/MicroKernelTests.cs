using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Backprop.Functional.Kernels;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// The blocked driver around each micro-kernel, not only the one <see cref="Gemm"/> picks on this machine: the
/// 256-bit kernels (where AVX2 and FMA exist) and the scalar fallback run the same reference check.
/// </summary>
[Collection("Parallelism")]
public class MicroKernelTests
{
    internal static readonly bool Avx2Fma = Vector256.IsHardwareAccelerated && Fma.IsSupported;
    internal static readonly bool Avx512Fma = Vector512.IsHardwareAccelerated && Fma.IsSupported;

    [Property(Arbitrary = [typeof(GemmCases)], MaxTest = 100)]
    public void The_scalar_kernel_matches_the_reference(GemmCase g)
    {
        GemmReference.Check<float>(g, Driver<float, MicroKernelScalar<float>>);
        GemmReference.Check<double>(g, Driver<double, MicroKernelScalar<double>>);
    }

    [Property(Arbitrary = [typeof(GemmCases)], MaxTest = 100)]
    public void The_256_bit_kernels_match_the_reference(GemmCase g)
    {
        if (!Avx2Fma) return;
        GemmReference.Check<float>(g, Driver<float, MicroKernelF32x256>);
        GemmReference.Check<double>(g, Driver<double, MicroKernelF64x256>);
    }

    [Property(Arbitrary = [typeof(GemmCases)], MaxTest = 50)]
    public void The_512_bit_kernels_match_the_reference(GemmCase g)
    {
        if (!Avx512Fma) return;
        GemmReference.Check<float>(g, Driver<float, MicroKernelF32x512>);
        GemmReference.Check<double>(g, Driver<double, MicroKernelF64x512>);
    }

    [Theory]
    [InlineData(131, 801, 517, true, true)]
    [InlineData(300, 40, 200, false, false)]
    public void Every_kernel_on_two_threads_matches_the_reference(int m, int n, int k, bool transA, bool transB)
    {
        var g = new GemmCase(m, n, k, transA, transB, true, m + n);
        Parallelism.With(2, () =>
        {
            GemmReference.Check<double>(g, Driver<double, MicroKernelScalar<double>>);
            if (Avx2Fma) GemmReference.Check<float>(g, Driver<float, MicroKernelF32x256>);
            if (Avx2Fma) GemmReference.Check<double>(g, Driver<double, MicroKernelF64x256>);
            return 0;
        });
    }

    [Theory]
    [InlineData(20, 1100, 70, false)]
    [InlineData(17, 1030, 300, true)]
    public void Every_kernel_packs_a_B_whose_rows_lie_a_page_apart(int m, int n, int k, bool accumulate)
    {
        // Rows of n ≥ 1024 floats are a page or more apart: B is copied before the kernels run, not by the first row panel.
        var g = new GemmCase(m, n, k, false, false, accumulate, m * n);
        GemmReference.Check<float>(g, Driver<float, MicroKernelScalar<float>>);
        GemmReference.Check<double>(g, Driver<double, MicroKernelScalar<double>>);
        if (Avx2Fma) GemmReference.Check<float>(g, Driver<float, MicroKernelF32x256>);
        if (Avx2Fma) GemmReference.Check<double>(g, Driver<double, MicroKernelF64x256>);
        if (Avx512Fma) GemmReference.Check<float>(g, Driver<float, MicroKernelF32x512>);
        if (Avx512Fma) GemmReference.Check<double>(g, Driver<double, MicroKernelF64x512>);
    }

    [Property(Arbitrary = [typeof(GemmCases)], MaxTest = 30)]
    public void The_generic_path_for_other_types_matches_the_reference(GemmCase g) =>
        GemmReference.Check<System.Runtime.InteropServices.NFloat>(g, (a, ta, b, tb, c, m, n, k, acc) => Gemm.Multiply<System.Runtime.InteropServices.NFloat>(a, ta, b, tb, c, m, n, k, acc));

    [Fact]
    public void Negative_sizes_and_short_operands_are_refused()
    {
        var x = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(x, false, x, false, x, -1, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(x, false, x, false, x, 2, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>(x, false, x, false, x, 2, 2, -1));
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[5], false, new float[6], false, new float[4], 2, 2, 3)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[6], false, new float[5], false, new float[4], 2, 2, 3)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[6], false, new float[6], false, new float[3], 2, 2, 3)).ParamName);
        Gemm.Multiply<float>(new float[6], false, new float[6], false, new float[4], 2, 2, 3);   // exact lengths pass
    }

    [Fact]
    public void An_empty_product_leaves_C_alone()
    {
        var c = new double[] { 1, 2 };
        Gemm.Multiply<double>([1.0, 2], false, [1.0, 2], false, c, 0, 2, 1);
        Gemm.Multiply<double>([1.0, 2], false, [1.0, 2], false, c, 2, 0, 1);
        Assert.Equal([1.0, 2], c);
    }

    private static unsafe void Driver<T, TKernel>(T[] a, bool transA, T[] b, bool transB, T[] c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TKernel : IMicroKernel<T>
    {
        fixed (T* pa = a, pb = b, pc = c) GemmDriver<T, TKernel>.Run(pa, transA, pb, transB, pc, m, n, k, accumulate);
    }
}
