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
    /// Geometries it takes: 1..8 output channels (partial blocks of 3), kernels 1..5 with padding 0..2, output lines of
    /// one or two segments, long enough to fill them (24..32 or 48..64 pixels).
    /// </summary>
    internal static Arbitrary<(ConvGeometry G, int Seed)> Geometries() =>
        (from batch in Gen.Choose(1, 3)
         from channels in Gen.Choose(1, 3)
         from outChannels in Gen.Choose(1, 8)
         from kh in Gen.Choose(1, 5)
         from kw in Gen.Choose(1, 5)
         from padding in Gen.Choose(0, 2)
         from oh in Gen.Choose(1, 4)
         from ow in Gen.OneOf(Gen.Choose(24, 32), Gen.Choose(48, 64))
         let h = Math.Max(1, oh - 2 * padding + kh - 1)
         let w = Math.Max(1, ow - 2 * padding + kw - 1)
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, outChannels, kh, kw, 1, padding), Seed: seed)).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property Forward_has_the_bits_of_the_product_with_the_unrolled_images() =>
        Prop.ForAll(Geometries(), c =>
        {
            if (!Avx512F.IsSupported) return;
            Assert.True(DirectConv.Fits<float>(c.G) && DirectConv.Fits<double>(c.G), $"{c.G} is not computed directly");
            SameBits<float>(c.G, c.Seed);
            SameBits<double>(c.G, c.Seed);
        });

    [Fact]
    public void Layers_it_would_compute_slowly_take_the_product()
    {
        var lenet1 = new ConvGeometry(64, 1, 28, 28, 6, 5, 5, 1, 2);
        Assert.Equal(Avx512F.IsSupported, DirectConv.Fits<float>(lenet1));
        Assert.False(DirectConv.Fits<float>(lenet1 with { Stride = 2 }));
        Assert.False(DirectConv.Fits<float>(lenet1 with { OutChannels = 9 }));
        Assert.False(DirectConv.Fits<float>(new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 0)));   // 16 channels: full GEMM panels
        Assert.False(DirectConv.Fits<float>(new ConvGeometry(64, 6, 14, 14, 6, 5, 5, 1, 0)));    // lines of 10 fill a third of 32 lanes
        Assert.False(DirectConv.Fits<float>(new ConvGeometry(1, 1, 23, 23, 6, 1, 1, 1, 0)));     // 23 of 32 lanes: under three quarters
        Assert.Equal(Avx512F.IsSupported, DirectConv.Fits<double>(new ConvGeometry(1, 1, 12, 12, 6, 1, 1, 1, 0)));   // 12 of 16
        Assert.False(DirectConv.Fits<Half>(lenet1));
    }

    private static void SameBits<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, g.Batch * g.ImageSize), w = Samples.Normal<T>(rng, g.OutChannels * g.Patch);
        var y = Samples.Filled(g.Batch * g.OutImageSize + 1, T.NaN);
        Convolution.Forward<T>(x, w, y, new T[Convolution.WorkSize(g)], g);
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
