using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Convolutions whose images share a product against one product per image: the same bits (each element the same FMA
/// chain), on one thread and on two, and the group fills the GEMM's last panel.
/// </summary>
public class ImageGroupsTests
{
    /// <summary>
    /// Geometries with short output lines (2..15 pixels, oh 2..8) that the permutes unroll: 1..12 images, 1..3 channels,
    /// 9..20 kernels (more than the direct convolution takes), 1..5 square or not, padding 0..2.
    /// </summary>
    private static Arbitrary<(ConvGeometry G, int Seed)> Geometries() =>
        (from batch in Gen.Choose(1, 12)
         from channels in Gen.Choose(1, 3)
         from outChannels in Gen.Choose(9, 20)
         from kh in Gen.Choose(1, 5)
         from kw in Gen.Choose(1, 5)
         from padding in Gen.Choose(0, 2)
         from oh in Gen.Choose(2, 8)
         from ow in Gen.Choose(2, 15)
         let h = Math.Max(1, oh - 2 * padding + kh - 1)
         let w = Math.Max(1, ow - 2 * padding + kw - 1)
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, outChannels, kh, kw, 1, padding), Seed: seed)).ToArbitrary();

    /// <summary>Most of these are grouped (a group is taken only where it fills the last panel better than one image).</summary>
    [Property(MaxTest = 120)]
    public Property Grouped_images_have_the_bits_of_one_product_per_image() =>
        Prop.ForAll(Geometries(), c =>
        {
            Same<float>(c.G, c.Seed);
            Same<double>(c.G, c.Seed);
        });

    /// <summary>Enough of the generated geometries are grouped, for floats and for doubles, that the property above tests the grouped path.</summary>
    [Fact]
    public void The_generated_geometries_are_mostly_grouped()
    {
        if (!Avx512F.IsSupported && !(Avx2.IsSupported && Fma.IsSupported)) return;
        var sample = Testing.Samples.Of(Geometries().Generator).Select(c => c.G).ToArray();
        Assert.True(sample.Count(g => ImageGroups.Size<float>(g) > 1) > sample.Length / 3, "few float geometries are grouped");
        Assert.True(sample.Count(g => ImageGroups.Size<double>(g) > 1) > sample.Length / 5, "few double geometries are grouped");
    }

    /// <summary>LeNet's second convolution (100 pixels) takes the smallest group whose columns fill whole panels, within the cache budget.</summary>
    [Fact]
    public void The_group_fills_the_last_panel()
    {
        var g = new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 0);
        var (size, panel) = (ImageGroups.Size<float>(g), Gemm.PanelWidth<float>());
        if (!Avx512F.IsSupported && Avx2.IsSupported && Fma.IsSupported)
        {
            Assert.Equal(16, panel);
            Assert.Equal(4, size);                                                 // 400 columns: 25 whole panels; 1 image: 7 panels, the last with 4
            Assert.Equal(3, ImageGroups.Size<float>(g with { Batch = 3 }));        // 300 of 304
            Assert.Equal(1, ImageGroups.Size<float>(new ConvGeometry(64, 6, 28, 28, 16, 5, 5, 1, 2)));   // 28 pixels wide: copied line by line
            Assert.Equal(1, ImageGroups.Size<float>(new ConvGeometry(64, 6, 6, 6, 16, 3, 3, 1, 0)));     // 4 pixels wide: not blended
            return;
        }
        if (!Avx512F.IsSupported)
        {
            Assert.Equal(1, size);
            return;
        }
        Assert.Equal(32, panel);
        Assert.Equal(8, size);                                                     // 800 columns: 25 whole panels; 1 image: 4 panels, the last with 4
        Assert.Equal(1, ImageGroups.Size<float>(g with { Batch = 1 }));
        Assert.Equal(5, ImageGroups.Size<float>(g with { Batch = 5 }));            // 500 of 512: the fullest of 1..5
        Assert.Equal(1, ImageGroups.Size<float>(new ConvGeometry(64, 6, 28, 28, 16, 5, 5, 1, 2)));   // 28 pixels wide: not permuted
        Assert.Equal(1, ImageGroups.Size<float>(new ConvGeometry(64, 6, 6, 6, 16, 3, 3, 1, 0)));     // 16 pixels: the narrow product
        Assert.True(ImageGroups.WorkSize(g, size) * sizeof(float) <= 768 * 1024);
    }

    /// <summary>
    /// The limits bind: 90 pixels fill whole panels only in 16 images, past 1024 columns (11 fill 990 of 992); 400 patch
    /// entries and 32 channels of 100 pixels allow 4 images in 768 KB; 96 pixels fill whole panels alone.
    /// </summary>
    [Fact]
    public void The_group_stays_within_its_columns_and_its_cache()
    {
        if (!Avx512F.IsSupported) return;
        Assert.Equal(11, ImageGroups.Size<float>(new ConvGeometry(64, 1, 12, 11, 16, 3, 3, 1, 0)));
        Assert.Equal(4, ImageGroups.Size<float>(new ConvGeometry(64, 16, 14, 14, 32, 5, 5, 1, 0)));
        Assert.Equal(1, ImageGroups.Size<float>(new ConvGeometry(64, 1, 10, 14, 16, 3, 3, 1, 0)));
    }

    /// <summary>Forward and the input pullback on a work buffer for groups, one image's worth and on two threads, against per-image products.</summary>
    private static void Same<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, g.Batch * g.ImageSize), w = Samples.Normal<T>(rng, g.OutChannels * g.Patch);
        var dy = Samples.Normal<T>(rng, g.Batch * g.OutImageSize);
        var (y, dx) = (new T[dy.Length], new T[x.Length]);
        var cols = new T[g.Patch * g.Pixels];
        for (var b = 0; b < g.Batch; b++)
        {
            Convolution.Im2Col<T>(x.AsSpan(b * g.ImageSize, g.ImageSize), cols, g);
            Gemm.Multiply<T>(w, false, cols, false, y.AsSpan(b * g.OutImageSize, g.OutImageSize), g.OutChannels, g.Pixels, g.Patch);
            Gemm.Multiply<T>(w, true, dy.AsSpan(b * g.OutImageSize, g.OutImageSize), false, cols, g.Patch, g.Pixels, g.OutChannels);
            Convolution.Col2Im<T>(cols, dx.AsSpan(b * g.ImageSize, g.ImageSize), g);
        }
        var grouped = ImageGroups.Size<T>(g);
        var direct = DirectConv.FitsInput<T>(g);
        foreach (var (threads, work) in new[] { (1, Convolution.WorkSize<T>(g)), (2, Convolution.WorkSize<T>(g)), (1, g.Patch * g.Pixels) })
        {
            var what = $"{typeof(T).Name} {g} seed {seed}, {threads} threads, work {work}, groups of {grouped}";
            var (fy, fx) = (Samples.Filled(y.Length, T.NaN), Samples.Filled(dx.Length, T.NaN));
            Parallelism.With(threads, () =>
            {
                Convolution.Forward<T>(x, w, fy, Samples.Filled(work, T.NaN), g);
                Convolution.BackwardInput<T>(dy, w, fx, Samples.Filled(work, T.NaN), g);
                return 0;
            });
            Assert.True(fy.AsSpan().SequenceEqual(y), what + ": forward is not W·im2col(x[b])");
            if (!direct) Assert.True(fx.AsSpan().SequenceEqual(dx), what + ": the input pullback is not col2im(Wᵀ·dy[b])");
        }
    }
}
