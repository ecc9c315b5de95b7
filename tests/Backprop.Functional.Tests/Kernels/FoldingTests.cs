using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>col2im at stride 1, a vector of an image line at a time, against the entries added one by one in col2im's order: the same bits.</summary>
public class FoldingTests
{
    /// <summary>Stride 1, kernels 1..5, padding 0..3 (wider than some kernels), images 1..40 wide (several vectors), rows 0..9 elements apart beyond pixels.</summary>
    private static Arbitrary<(ConvGeometry G, int Gap, int Seed)> Geometries() =>
        (from channels in Gen.Choose(1, 3)
         from kh in Gen.Choose(1, 5)
         from kw in Gen.Choose(1, 5)
         from padding in Gen.Choose(0, 3)
         from h in Gen.Choose(Math.Max(1, kh - 2 * padding), 9)
         from w in Gen.Choose(Math.Max(1, kw - 2 * padding), 40)
         from gap in Gen.Choose(0, 9)
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(1, channels, h, w, 1, kh, kw, 1, padding), Gap: gap, Seed: seed)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Col2Im_has_the_bits_of_the_entries_added_in_order() =>
        Prop.ForAll(Geometries(), c =>
        {
            Assert.Equal(Avx512F.IsSupported, Folding.Applies<float>(c.G) && Folding.Applies<double>(c.G));
            Same<float>(c.G, c.Gap, c.Seed);
            Same<double>(c.G, c.Gap, c.Seed);
        });

    [Fact]
    public void Other_strides_are_added_entry_by_entry()
    {
        var g = new ConvGeometry(1, 2, 9, 9, 1, 3, 3, 2, 1);
        Assert.False(Folding.Applies<float>(g));
        Same<float>(g, 3, 5);
    }

    /// <summary>Entries with −0 and large magnitudes among them (order matters); the gaps between rows hold NaN, so reading one shows.</summary>
    private static void Same<T>(ConvGeometry g, int gap, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var ld = g.Pixels + gap;
        var cols = Samples.Filled(g.Patch * ld, T.NaN);
        for (var row = 0; row < g.Patch; row++)
            for (var q = 0; q < g.Pixels; q++)
                cols[row * ld + q] = rng.Next(8) == 0 ? T.NegativeZero : T.CreateChecked(Samples.Gaussian(rng) * Math.Pow(10, rng.Next(-4, 5)));
        var expected = new T[g.ImageSize];
        for (var c = 0; c < g.Channels; c++)
            for (var i = 0; i < g.KernelH; i++)
                for (var j = 0; j < g.KernelW; j++)
                    for (var oy = 0; oy < g.OutHeight; oy++)
                        for (var ox = 0; ox < g.OutWidth; ox++)
                        {
                            int y = oy * g.Stride + i - g.Padding, x = ox * g.Stride + j - g.Padding;
                            if (y < 0 || y >= g.Height || x < 0 || x >= g.Width) continue;
                            expected[(c * g.Height + y) * g.Width + x] += cols[((c * g.KernelH + i) * g.KernelW + j) * ld + oy * g.OutWidth + ox];
                        }
        var image = Samples.Filled(g.ImageSize + 1, T.NaN);
        Convolution.Col2ImStrided<T>(cols, image, g, ld);
        var what = $"{typeof(T).Name} {g} rows {ld} apart, seed {seed}";
        for (var at = 0; at < g.ImageSize; at++)
            Assert.True(expected[at].Equals(image[at]) && T.IsNegative(expected[at]) == T.IsNegative(image[at]),
                $"{what}: element {at} is {image[at]}, added in order {expected[at]}");
        Assert.True(T.IsNaN(image[^1]), what + ": wrote past the image");
    }
}
