using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// The direct forward convolution against the GEMM of the unrolled images it replaces: the same bits (the patch
/// entries summed in the same order, one FMA each), every output written and nothing past it.
/// </summary>
public class DirectConvTests
{
    /// <summary>
    /// Geometries it takes, for vectors of L lanes (<see cref="DirectConv.Lanes{T}"/>, per type): 1..8 output channels
    /// (blocks of 6 and 3, partial ones), kernels 1..5 with padding 0..2, output lines taken two by two (¾L..L pixels)
    /// or in one or two segments of two vectors (1½L..2L or 3L..4L).
    /// </summary>
    internal static Arbitrary<(Func<int, ConvGeometry> G, int Seed)> Geometries() =>
        (from batch in Gen.Choose(1, 3)
         from channels in Gen.Choose(1, 3)
         from outChannels in Gen.Choose(1, 8)
         from kh in Gen.Choose(1, 5)
         from kw in Gen.Choose(1, 5)
         from padding in Gen.Choose(0, 2)
         from oh in Gen.Choose(1, 5)
         from kind in Gen.Choose(0, 2)
         from at in Gen.Choose(0, 1000)
         from seed in KernelGen.Seed
         select (G: new Func<int, ConvGeometry>(lanes =>
         {
             var (lo, hi) = kind switch { 0 => ((3 * lanes + 3) / 4, lanes), 1 => ((3 * lanes + 1) / 2, 2 * lanes), _ => (3 * lanes, 4 * lanes) };
             var ow = lo + at * (hi - lo) / 1000;
             var p = Math.Min(padding, (ow + kw - 2) / 2);   // the image keeps a column: the lines stay ow long
             return new ConvGeometry(batch, channels, Math.Max(1, oh - 2 * p + kh - 1), ow - 2 * p + kw - 1, outChannels, kh, kw, 1, p);
         }), Seed: seed)).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property Forward_has_the_bits_of_the_product_with_the_unrolled_images() =>
        Prop.ForAll(Geometries(), c =>
        {
            Direct<float>(c.G, g => SameBits<float>(g, c.Seed));
            Direct<double>(c.G, g => SameBits<double>(g, c.Seed));
        });

    /// <summary>Runs <paramref name="check"/> on the geometry for T's vectors, which the direct kernels must take (none where they do not run).</summary>
    internal static void Direct<T>(Func<int, ConvGeometry> geometry, Action<ConvGeometry> check) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var lanes = DirectConv.Lanes<T>();
        if (lanes == 0) return;
        var g = geometry(lanes);
        Assert.True(DirectConv.Fits<T>(g), $"{typeof(T).Name} {g} is not computed directly");
        check(g);
    }

    /// <summary>
    /// Geometries whose input gradient it computes (as the convolution of the padded dy with the flipped kernels):
    /// square kernels 1..5 with padding from half the kernel size to one below it (dy covers x), 1..8 input channels,
    /// input lines of 12..16 or 24..32.
    /// </summary>
    private static Arbitrary<(ConvGeometry G, int Seed)> InputGeometries() =>
        (from batch in Gen.Choose(1, 3)
         from channels in Gen.Choose(1, 8)
         from outChannels in Gen.Choose(1, 4)
         from k in Gen.Choose(1, 5)
         from padding in Gen.Choose(k / 2, k - 1)
         from h in Gen.Choose(4, 8)
         from w in Gen.OneOf(Gen.Choose(12, 16), Gen.Choose(24, 32))
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, outChannels, k, k, 1, padding), Seed: seed)).ToArbitrary();

    /// <summary>
    /// dx against the adjoint sum: one FMA chain over the cout·k² entries of the flipped kernels per pixel,
    /// ≤ cout·k²·u·Σ|terms|, doubled for the reference.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Input_gradient_is_the_adjoint_sum() =>
        Prop.ForAll(InputGeometries(), c =>
        {
            if (!Avx512F.IsSupported) return;
            Assert.True(DirectConv.FitsInput<float>(c.G) && DirectConv.FitsInput<double>(c.G), $"{c.G}: the input gradient is not computed directly");
            var roundings = 2 * (c.G.OutChannels * c.G.Patch / c.G.Channels + 1);
            ConvolutionTests.BackwardInput<float>(c.G, c.Seed, roundings: roundings);
            ConvolutionTests.BackwardInput<double>(c.G, c.Seed, roundings: roundings);
        });

    /// <summary>Its input gradient does not depend on the thread count (a "same" 3×3 layer, 8 images shared by two threads).</summary>
    [Fact]
    public void Input_gradient_does_not_depend_on_the_thread_count()
    {
        var g = new ConvGeometry(8, 8, 14, 14, 16, 3, 3, 1, 1);
        Assert.Equal(Avx512F.IsSupported, DirectConv.FitsInput<float>(g));
        if (Environment.ProcessorCount >= 2) Assert.Equal(2, Parallelism.With(2, () => ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch)));
        var rng = new Random(3);
        float[] w = Samples.Normal<float>(rng, g.OutChannels * g.Patch), dy = Samples.Normal<float>(rng, g.Batch * g.OutImageSize);
        float[] Run(int threads) => Parallelism.With(threads, () =>
        {
            var dx = Samples.Filled(g.Batch * g.ImageSize, float.NaN);
            Convolution.BackwardInput<float>(dy, w, dx, new float[Convolution.WorkSize<float>(g)], g);
            return dx;
        });
        Assert.True(Run(1).AsSpan().SequenceEqual(Run(2)), "dx differs between one thread and two");
    }

    [Fact]
    public void Layers_it_would_compute_slowly_take_the_product()
    {
        var lenet1 = new ConvGeometry(64, 1, 28, 28, 6, 5, 5, 1, 2);
        var direct = Avx512F.IsSupported || (Avx2.IsSupported && Fma.IsSupported);                   // AVX-512 or AVX2
        Assert.Equal(direct, DirectConv.Fits<float>(lenet1));
        Assert.False(DirectConv.Fits<float>(lenet1 with { Stride = 2 }));
        Assert.False(DirectConv.Fits<float>(lenet1 with { OutChannels = 9 }));
        Assert.False(DirectConv.Fits<float>(new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 0)));   // 16 channels: full GEMM panels
        Assert.False(DirectConv.Fits<float>(new ConvGeometry(64, 6, 14, 14, 6, 5, 5, 1, 0)));    // pairs of lines of 10: 10 of 16 lanes
        Assert.Equal(direct, DirectConv.Fits<float>(new ConvGeometry(64, 6, 16, 16, 6, 5, 5, 1, 0)));   // 12: pairs (AVX-512), or 12 of 16 lanes
        Assert.False(DirectConv.Fits<float>(new ConvGeometry(64, 6, 21, 21, 6, 5, 5, 1, 0)));    // 17: one vector and a bit
        Assert.False(DirectConv.Fits<float>(new ConvGeometry(1, 1, 23, 23, 6, 1, 1, 1, 0)));     // 23 of 32 lanes: under three quarters
        Assert.Equal(direct, DirectConv.Fits<double>(new ConvGeometry(1, 1, 12, 12, 6, 1, 1, 1, 0)));   // 12 of 16 lanes
        Assert.False(DirectConv.Fits<Half>(lenet1));
        Assert.False(DirectConv.FitsInput<float>(new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 0)));   // dy 10×10 of x 14×14
        Assert.Equal(Avx512F.IsSupported, DirectConv.FitsInput<float>(new ConvGeometry(64, 8, 14, 14, 16, 3, 3, 1, 1)));   // AVX-512 only
        Assert.False(DirectConv.FitsInput<float>(new ConvGeometry(64, 9, 14, 14, 16, 3, 3, 1, 1)));   // 9 channels of dx
        Assert.False(DirectConv.FitsInput<float>(new ConvGeometry(64, 8, 14, 14, 16, 3, 2, 1, 1)));   // not square
    }

    private static void SameBits<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, g.Batch * g.ImageSize), w = Samples.Normal<T>(rng, g.OutChannels * g.Patch);
        var y = Samples.Filled(g.Batch * g.OutImageSize + 1, T.NaN);
        Convolution.Forward<T>(x, w, y, new T[Convolution.WorkSize<T>(g)], g);
        var (expected, cols) = (new T[g.Batch * g.OutImageSize], new T[g.Patch * g.Pixels]);
        for (var b = 0; b < g.Batch; b++)
        {
            Convolution.Im2Col<T>(x.AsSpan(b * g.ImageSize, g.ImageSize), cols, g);
            Gemm.Multiply<T>(w, false, cols, false, expected.AsSpan(b * g.OutImageSize, g.OutImageSize), g.OutChannels, g.Pixels, g.Patch);
        }
        var what = $"{typeof(T).Name} {g} seed {seed}";
        Assert.True(y.AsSpan(0, expected.Length).SequenceEqual(expected), what + ": not the bits of W·im2col(x)");
        Assert.True(T.IsNaN(y[^1]), what + ": wrote past y");
    }
}
