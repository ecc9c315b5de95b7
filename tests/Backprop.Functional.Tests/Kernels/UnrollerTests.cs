using System.Runtime.Intrinsics.X86;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>The unrolling of many images by permutes or blends against im2col's rows: the same values, and nothing past the rows.</summary>
public class UnrollerTests
{
    /// <summary>Stride 1..2, padding 0..2, kernels 1..5, output lines 1..20 pixels (shorter than a vector of floats, of doubles, and longer).</summary>
    private static Arbitrary<(ConvGeometry G, int Pick, int Seed)> Geometries() =>
        (from batch in Gen.Choose(1, 3)
         from channels in Gen.Choose(1, 3)
         from kh in Gen.Choose(1, 5)
         from kw in Gen.Choose(1, 5)
         from stride in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Constant(2)))
         from padding in Gen.Choose(0, 2)
         from oh in Gen.Choose(1, 6)
         from ow in Gen.Choose(1, 20)
         let h = Math.Max(1, (oh - 1) * stride - 2 * padding + kh)
         let w = Math.Max(1, (ow - 1) * stride - 2 * padding + kw)
         from pick in Gen.Choose(0, 1 << 20)
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, 4, kh, kw, stride, padding), Pick: pick, Seed: seed)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Rows_are_the_rows_of_im2col() =>
        Prop.ForAll(Geometries(), c =>
        {
            Same<float>(c.G, c.Pick, c.Seed);
            Same<double>(c.G, c.Pick, c.Seed);
        });

    /// <summary>
    /// Rows ld = pixels + 0..9 apart (another image's rows between them, as when images share a product) are im2col's
    /// rows, and what lies between them is untouched; a geometry not permuted refuses ld ≠ pixels by name.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Rows_apart_are_the_rows_of_im2col_and_leave_the_gaps() =>
        Prop.ForAll(Geometries(), Gen.Choose(0, 9).ToArbitrary(), (c, gap) =>
        {
            Apart<float>(c.G, gap, c.Seed);
            Apart<double>(c.G, gap, c.Seed);
        });

    private static void Apart<T>(ConvGeometry g, int gap, int seed) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var x = Samples.Normal<T>(new Random(seed), g.ImageSize);
        using var unroll = new Unroller<T>(g);
        var ld = g.Pixels + gap;
        var rows = Samples.Filled(g.Patch * ld, T.NaN);
        if (!Unroller<T>.Vectorised(g))
        {
            if (gap > 0) Assert.Equal("ld", Assert.Throws<ArgumentException>(() => unroll.Rows(x, rows, 0, g.Patch, ld)).ParamName);
            return;
        }
        var whole = new T[g.Patch * g.Pixels];
        Convolution.Im2Col<T>(x, whole, g);
        unroll.Rows(x, rows.AsSpan(0, (g.Patch - 1) * ld + g.Pixels), 0, g.Patch, ld);
        var what = $"{typeof(T).Name} {g} rows {ld} apart";
        for (var row = 0; row < g.Patch; row++)
        {
            Assert.True(rows.AsSpan(row * ld, g.Pixels).SequenceEqual(whole.AsSpan(row * g.Pixels, g.Pixels)), $"{what}: row {row} is not im2col's");
            Assert.True(rows.AsSpan(row * ld + g.Pixels, gap).ToArray().All(T.IsNaN), $"{what}: wrote into the gap after row {row}");
        }
    }

    [Fact]
    public void Short_lines_at_stride_1_are_permuted()
    {
        var lenet2 = new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 0);
        Assert.Equal(Avx512F.IsSupported, Unroller<float>.Permutes(lenet2));
        Assert.False(Unroller<double>.Permutes(lenet2));                                          // 10 pixels: longer than 8 doubles
        Assert.False(Unroller<float>.Permutes(lenet2 with { Stride = 2 }));
        Assert.False(Unroller<float>.Permutes(new ConvGeometry(1, 1, 28, 28, 6, 5, 5, 1, 2)));   // 28 pixels: copied line by line
        Assert.False(Unroller<float>.Permutes(new ConvGeometry(1, 1, 10, 10, 6, 7, 7, 1, 0)));   // 4 pixels, 6 past each: 4 lines span 34
    }

    [Fact]
    public void Lines_of_one_to_two_vectors_are_blended_with_AVX2_alone()
    {
        var lenet2 = new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 0);
        var avx2 = !Avx512F.IsSupported && Avx2.IsSupported && Fma.IsSupported;
        Assert.Equal(avx2, Unroller<float>.Blends(lenet2));                                       // 10 pixels: 8 to 16
        Assert.False(Unroller<float>.Permutes(lenet2) && Unroller<float>.Blends(lenet2));
        Assert.False(Unroller<double>.Blends(lenet2));                                            // more than 8 doubles
        Assert.Equal(avx2, Unroller<double>.Blends(new ConvGeometry(1, 1, 7, 7, 6, 5, 5, 1, 1))); // 5 pixels, kernel 5: 3 to 8, kw − 1 = 4 lanes
        Assert.False(Unroller<double>.Blends(new ConvGeometry(1, 1, 10, 10, 6, 6, 6, 1, 0)));    // kw − 1 = 5: past the slack
        Assert.False(Unroller<float>.Blends(lenet2 with { Stride = 2 }));
        Assert.False(Unroller<float>.Blends(new ConvGeometry(1, 1, 28, 28, 6, 5, 5, 1, 2)));     // 28 pixels: copied line by line
        Assert.False(Unroller<float>.Blends(new ConvGeometry(1, 1, 10, 10, 6, 5, 5, 1, 0)));     // 6 pixels: a vector spans three lines
        Assert.Equal(Unroller<float>.Permutes(lenet2) || Unroller<float>.Blends(lenet2), Unroller<float>.Vectorised(lenet2));
    }

    /// <summary>An image or cols span too short for the geometry, or rows closer than its pixels, is refused by name.</summary>
    [Fact]
    public void Spans_too_short_are_refused_by_name()
    {
        var g = new ConvGeometry(1, 6, 14, 14, 16, 5, 5, 1, 0);
        if (!Unroller<float>.Vectorised(g)) return;
        using var unroll = new Unroller<float>(g);
        var (x, cols) = (new float[g.ImageSize], new float[g.Patch * g.Pixels]);
        Assert.Equal("image", Assert.Throws<ArgumentException>(() => unroll.Rows(x[1..], cols, 0, g.Patch)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentException>(() => unroll.Rows(x, cols[1..], 0, g.Patch)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentException>(() => unroll.Rows(x, cols, 0, g.Patch, g.Pixels - 1)).ParamName);
        unroll.Rows(x, cols, 0, g.Patch);   // exactly long enough
    }

    private static void Same<T>(ConvGeometry g, int pick, int seed) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int row0 = pick % g.Patch, row1 = row0 + 1 + pick / g.Patch % (g.Patch - row0);
        var x = Samples.Normal<T>(new Random(seed), g.Batch * g.ImageSize);
        var (whole, rows) = (new T[g.Patch * g.Pixels], Samples.Filled((row1 - row0) * g.Pixels + 1, T.NaN));
        using var unroll = new Unroller<T>(g);
        for (var b = 0; b < g.Batch; b++)
        {
            Convolution.Im2Col<T>(x.AsSpan(b * g.ImageSize, g.ImageSize), whole, g);
            unroll.Rows(x.AsSpan(b * g.ImageSize, g.ImageSize), rows, row0, row1);
            var what = $"{typeof(T).Name} {g} image {b} rows {row0}..{row1} (permuted: {Unroller<T>.Permutes(g)}, blended: {Unroller<T>.Blends(g)})";
            Assert.True(rows.AsSpan(0, rows.Length - 1).SequenceEqual(whole.AsSpan(row0 * g.Pixels, rows.Length - 1)), what + ": not im2col's rows");
            Assert.True(T.IsNaN(rows[^1]), what + ": wrote past the rows");
            rows.AsSpan().Fill(T.NaN);
            unroll.Rows(x.AsSpan(b * g.ImageSize), rows, row0, row1);   // the rest of the batch after it: read in place when unpadded
            Assert.True(rows.AsSpan(0, rows.Length - 1).SequenceEqual(whole.AsSpan(row0 * g.Pixels, rows.Length - 1)), what + ", the batch's rest after it: not im2col's rows");
            Assert.True(T.IsNaN(rows[^1]), what + ", the batch's rest after it: wrote past the rows");
        }
    }
}
