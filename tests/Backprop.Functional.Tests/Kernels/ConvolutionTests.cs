using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// im2col convolution against the direct definition, y[b, o, oy, ox] = Σ_{c,i,j} w[o, c, i, j]·x[b, c, oy·s + i − p, ox·s + j − p]
/// (zero outside the image), and its pullbacks against the adjoint sums written out index by index.
/// </summary>
public class ConvolutionTests
{
    /// <summary>
    /// Geometries with stride 1..3, padding 0..2 (also wider than the kernel: some windows see only padding), kh ≠ kw;
    /// images up to <paramref name="widest"/> wide (rows of several vectors need more than the default 11).
    /// </summary>
    private static Arbitrary<(ConvGeometry G, int Seed)> Geometries(int widest = 11) =>
        (from batch in Gen.Choose(1, 2)
         from channels in Gen.Choose(1, 3)
         from outChannels in Gen.Choose(1, 3)
         from kh in Gen.Choose(1, 4)
         from kw in Gen.Choose(1, 4)
         from stride in Gen.Choose(1, 3)
         from padding in Gen.Choose(0, 2)
         from h in Gen.Choose(Math.Max(1, kh - 2 * padding), 11)
         from w in Gen.Choose(Math.Max(1, kw - 2 * padding), widest)
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, outChannels, kh, kw, stride, padding), Seed: seed)).ToArbitrary();

    /// <summary>cols[(c·kh + i)·kw + j, oy·ow + ox] = x[c, oy·s + i − p, ox·s + j − p] or 0: a gather, so exact; every entry is written.</summary>
    [Property(MaxTest = 150)]
    public Property Im2Col_unrolls_each_receptive_field() =>
        Prop.ForAll(Geometries(), c => { Im2Col<float>(c.G, c.Seed); Im2Col<double>(c.G, c.Seed); });

    /// <summary>Rows [row0, row1) alone (the filter pullback unrolls only its share) are those rows of the whole unrolling, and nothing past them is written.</summary>
    [Property(MaxTest = 100)]
    public Property Im2ColRows_gives_those_rows_of_the_whole_unrolling() =>
        Prop.ForAll(Geometries(40), Gen.Choose(0, 1 << 20).ToArbitrary(), (c, pick) =>
        {
            var g = c.G;
            int row0 = pick % g.Patch, row1 = row0 + 1 + pick / g.Patch % (g.Patch - row0);
            var x = Samples.Normal<double>(new Random(c.Seed), g.ImageSize);
            var whole = new double[g.Patch * g.Pixels];
            Convolution.Im2Col<double>(x, whole, g);
            var rows = Samples.Filled((row1 - row0 + 1) * g.Pixels, double.NaN);
            Convolution.Im2ColRows<double>(x, rows, g, row0, row1);
            var (length, what) = ((row1 - row0) * g.Pixels, $"{g} rows {row0}..{row1}");
            Assert.True(rows.AsSpan(0, length).SequenceEqual(whole.AsSpan(row0 * g.Pixels, length)), what + ": not the rows of im2col");
            Assert.True(rows.AsSpan(length).ToArray().All(double.IsNaN), what + ": wrote past its rows");
        });

    /// <summary>
    /// ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩, on whole numbers so that both sides are exact; and col2im(c)[c, y, x] is the sum of
    /// the entries that read that pixel (≤ kh·kw of them: ≤ kh·kw·u·Σ|entries|, doubled for the reference).
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Col2Im_is_the_adjoint_of_im2col() =>
        Prop.ForAll(Geometries(), c => { Col2Im<float>(c.G, c.Seed); Col2Im<double>(c.G, c.Seed); });

    /// <summary>Both over rows up to 40 wide: im2col and col2im move a row in whole vectors, the last one overlapping or added one by one.</summary>
    [Property(MaxTest = 60)]
    public Property Im2Col_and_Col2Im_of_rows_several_vectors_long() =>
        Prop.ForAll(Geometries(40), c =>
        {
            Im2Col<float>(c.G, c.Seed); Im2Col<double>(c.G, c.Seed);
            Col2Im<float>(c.G, c.Seed); Col2Im<double>(c.G, c.Seed);
        });

    /// <summary>Forward against the direct sum: a length-patch dot product per output, ≤ patch·u·Σ|w·x| as for GEMM, doubled for the reference.</summary>
    [Property(MaxTest = 150)]
    public Property Forward_is_the_direct_cross_correlation() =>
        Prop.ForAll(Geometries(), c => { Forward<float>(c.G, c.Seed); Forward<double>(c.G, c.Seed); });

    /// <summary>
    /// dx[b, c, y, x] = Σ w[o, c, i, j]·dy[b, o, oy, ox] over every (o, i, j, oy, ox) with oy·s + i − p = y, ox·s + j − p = x;
    /// a GEMM of depth cout then col2im's ≤ kh·kw additions: ≤ (cout + kh·kw)·u·Σ|terms|, doubled for the reference.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property BackwardInput_is_the_adjoint_sum() =>
        Prop.ForAll(Geometries(), c => { BackwardInput<float>(c.G, c.Seed); BackwardInput<double>(c.G, c.Seed); });

    /// <summary>
    /// dw[o, c, i, j] = Σ_{b, oy, ox} dy[b, o, oy, ox]·x[b, c, oy·s + i − p, ox·s + j − p]; batch·pixels terms:
    /// ≤ batch·(pixels + 1)·u·Σ|terms|, doubled for the reference.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property BackwardFilter_is_the_adjoint_sum() =>
        Prop.ForAll(Geometries(), c => { BackwardFilter<float>(c.G, c.Seed); BackwardFilter<double>(c.G, c.Seed); });

    /// <summary>
    /// dW, computed as its transpose Σ_b cols[b]·dy[b]ᵀ, has the bits of the direct Σ_b dy[b]·cols[b]ᵀ (each element
    /// is the same chain of FMAs, the batch summed in the same order), on one thread and on two.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property BackwardFilter_has_the_bits_of_the_direct_product() => Prop.ForAll(Geometries(), c => FilterBits(c.G, c.Seed));

    [Property(MaxTest = 8)]
    public Property BackwardFilter_shared_by_two_threads_has_the_bits_of_the_direct_product() => Prop.ForAll(Shared(), c => FilterBits(c.G, c.Seed));

    /// <summary>
    /// Geometries whose filter gradient is taken as dot products along the pixels (<see cref="FilterDots"/>): 1..8 output
    /// channels (partial blocks of 3 among them) and output rows of 8 or 16 pixels, so every image is whole vectors.
    /// </summary>
    private static Arbitrary<(ConvGeometry G, int Seed)> DotGeometries() =>
        (from batch in Gen.Choose(1, 3)
         from channels in Gen.Choose(1, 3)
         from outChannels in Gen.Choose(1, 8)
         from kh in Gen.Choose(1, 5)
         from kw in Gen.Choose(1, 5)
         from padding in Gen.Choose(0, 2)
         from oh in Gen.Choose(1, 5)
         from ow in Gen.Elements(8, 16)
         let h = Math.Max(1, oh - 2 * padding + kh - 1)
         let w = ow - 2 * padding + kw - 1
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, outChannels, kh, kw, 1, padding), Seed: seed)).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property BackwardFilter_by_dot_products_is_the_adjoint_sum() =>
        Prop.ForAll(DotGeometries(), c =>
        {
            Assert.True(FilterDots.Fits<float>(c.G) && FilterDots.Fits<double>(c.G), $"{c.G} does not take the dot products");
            BackwardFilter<float>(c.G, c.Seed);
            BackwardFilter<double>(c.G, c.Seed);
        });

    /// <summary>Shared by two threads (8 images of 16×16 pixels, 8 channels out, 75 patch entries), dW by dot products has the bits of one thread's.</summary>
    [Fact]
    public void BackwardFilter_by_dot_products_does_not_depend_on_the_thread_count()
    {
        var g = new ConvGeometry(8, 3, 18, 18, 8, 5, 5, 1, 1);
        Assert.True(FilterDots.Fits<float>(g));
        if (Environment.ProcessorCount >= 2)
            Assert.Equal(2, Parallelism.With(2, () => Math.Min(FilterDots.Blocks(g), ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch))));
        FilterBits(g, 7);
        BackwardFilter<float>(g, 7);
    }

    /// <summary>dW has the bits of the direct product Σ_b dy[b]·cols[b]ᵀ (or, by dot products or from the padded images, of its own on one thread) on one thread and on two.</summary>
    private static void FilterBits(ConvGeometry g, int seed)
    {
        var rng = new Random(seed);
        float[] x = Samples.Normal<float>(rng, g.Batch * g.ImageSize), dy = Samples.Normal<float>(rng, g.Batch * g.OutImageSize);
        var cols = new float[g.Batch * g.Patch * g.Pixels];
        for (var b = 0; b < g.Batch; b++)
            Convolution.Im2Col<float>(x.AsSpan(b * g.ImageSize, g.ImageSize), cols.AsSpan(b * g.Patch * g.Pixels, g.Patch * g.Pixels), g);
        var direct = new float[g.OutChannels * g.Patch];
        for (var b = 0; b < g.Batch; b++)
            Gemm.Multiply<float>(dy.AsSpan(b * g.OutImageSize, g.OutImageSize), false, cols.AsSpan(b * g.Patch * g.Pixels, g.Patch * g.Pixels), true,
                direct, g.OutChannels, g.Patch, g.Pixels, accumulate: true);
        foreach (var threads in new[] { 1, 2 })
        {
            var dw = Samples.Filled(g.OutChannels * g.Patch, float.NaN);
            Parallelism.With(threads, () => { Convolution.BackwardFilter<float>(dy, x, dw, Stale<float>(Convolution.WorkSize<float>(g)), g); return 0; });
            if ((FilterDots.Fits<float>(g) || DirectConv.Fits<float>(g)) && threads == 1) direct = dw;   // sums in another order: the thread count must not change them
            Assert.True(dw.AsSpan().SequenceEqual(direct), $"{g} seed {seed}, {threads} threads: not the bits of Σ dy[b]·cols[b]ᵀ");
        }
    }

    /// <summary>
    /// Geometries big enough that the kernels share the images, and dW's columns (patch ≥ 36), among two threads:
    /// 6..10 images of 4..6 channels, 8..16 kernels of 3..5 pixels, with at least two parts' worth of multiply-adds.
    /// </summary>
    private static Arbitrary<(ConvGeometry G, int Seed)> Shared() =>
        (from batch in Gen.Choose(6, 10)
         from channels in Gen.Choose(4, 6)
         from outChannels in Gen.Choose(8, 16)
         from k in Gen.Choose(3, 5)
         from stride in Gen.Choose(1, 2)
         from padding in Gen.Choose(0, 2)
         from h in Gen.Choose(16, 24)
         from w in Gen.Choose(16, 24)
         from seed in KernelGen.Seed
         let g = new ConvGeometry(batch, channels, h, w, outChannels, k, k, stride, padding)
         where (long)g.Batch * g.OutImageSize * g.Patch >= 2 * ParallelRange.MinWorkPerPart
         select (G: g, Seed: seed)).ToArbitrary();

    /// <summary>With the work shared among the threads, forward and both pullbacks still equal the direct sums.</summary>
    [Property(MaxTest = 6)]
    public Property Shared_work_still_gives_the_direct_sums() =>
        Prop.ForAll(Shared(), c =>
        {
            SplitsOnTwoThreads(c.G);
            Forward<float>(c.G, c.Seed);
            BackwardInput<float>(c.G, c.Seed, Convolution.WorkSize<float>(c.G));
            BackwardFilter<double>(c.G, c.Seed);
        });

    /// <summary>Forward and both pullbacks give the same bits on one thread and on two (each image, each column block, sums in the same order).</summary>
    [Property(MaxTest = 12)]
    public Property Results_do_not_depend_on_the_thread_count() =>
        Prop.ForAll(Shared(), c =>
        {
            SplitsOnTwoThreads(c.G);
            SameOnOneAndTwoThreads<float>(c.G, c.Seed);
            SameOnOneAndTwoThreads<double>(c.G, c.Seed);
        });

    /// <summary>
    /// Each kernel reads through pointers, so a span shorter than the geometry needs is an argument error naming it (the
    /// threads would otherwise read or write past its end), whichever argument is short and however the work is shared.
    /// </summary>
    [Fact]
    public void A_span_shorter_than_the_geometry_is_rejected_by_name()
    {
        var g = new ConvGeometry(3, 2, 6, 5, 4, 3, 2, 1, 1);
        int x = g.Batch * g.ImageSize, w = g.OutChannels * g.Patch, y = g.Batch * g.OutImageSize, work = g.Patch * g.Pixels;
        void Rejects(string name, Action<int, int, int, int> run, int a, int b, int c, int d, int shortened)
        {
            int[] n = [a, b, c, d];
            n[shortened]--;
            var e = Assert.Throws<ArgumentException>(() => run(n[0], n[1], n[2], n[3]));
            Assert.Equal(name, e.ParamName);
        }
        string[] forward = ["x", "w", "y", "work"], input = ["dy", "w", "dx", "work"], filter = ["dy", "x", "dw", "work"];
        for (var i = 0; i < 4; i++)
        {
            Rejects(forward[i], (a, b, c, d) => Convolution.Forward<float>(new float[a], new float[b], new float[c], new float[d], g), x, w, y, work, i);
            Rejects(input[i], (a, b, c, d) => Convolution.BackwardInput<float>(new float[a], new float[b], new float[c], new float[d], g), y, w, x, work, i);
            Rejects(filter[i], (a, b, c, d) => Convolution.BackwardFilter<float>(new float[a], new float[b], new float[c], new float[d], g), y, x, w, work, i);
        }
    }

    /// <summary>The geometry really is split on two threads (on a machine that has two), so the properties above test the shared path.</summary>
    private static void SplitsOnTwoThreads(ConvGeometry g)
    {
        if (Environment.ProcessorCount < 2) return;
        var parts = Parallelism.With(2, () => ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch));
        Assert.True(parts == 2, $"{g}: the images are not shared between two threads ({parts} part)");
    }

    private static void SameOnOneAndTwoThreads<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, g.Batch * g.ImageSize), w = Samples.Normal<T>(rng, g.OutChannels * g.Patch);
        var dy = Samples.Normal<T>(rng, g.Batch * g.OutImageSize);
        (T[] Y, T[] Dx, T[] Dw) Run(int threads) => Parallelism.With(threads, () =>
        {
            T[] y = new T[dy.Length], dx = new T[x.Length], dw = new T[w.Length];
            Convolution.Forward<T>(x, w, y, Stale<T>(Convolution.WorkSize<T>(g)), g);
            Convolution.BackwardInput<T>(dy, w, dx, Stale<T>(Convolution.WorkSize<T>(g)), g);
            Convolution.BackwardFilter<T>(dy, x, dw, Stale<T>(Convolution.WorkSize<T>(g)), g);
            return (y, dx, dw);
        });
        var (one, two) = (Run(1), Run(2));
        var what = $"{typeof(T).Name} {g} seed {seed}";
        Assert.True(one.Y.SequenceEqual(two.Y), $"{what}: forward differs between one thread and two");
        Assert.True(one.Dx.SequenceEqual(two.Dx), $"{what}: the input pullback differs between one thread and two");
        Assert.True(one.Dw.SequenceEqual(two.Dw), $"{what}: the filter pullback differs between one thread and two");
    }

    private static void Im2Col<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = Samples.Normal<T>(new Random(seed), g.ImageSize);
        var cols = Samples.Filled(g.Patch * g.Pixels, T.NaN);
        Convolution.Im2Col<T>(x, cols, g);
        var what = $"{typeof(T).Name} {g} seed {seed} Im2Col";
        for (var c = 0; c < g.Channels; c++)
            for (var i = 0; i < g.KernelH; i++)
                for (var j = 0; j < g.KernelW; j++)
                    for (var oy = 0; oy < g.OutHeight; oy++)
                        for (var ox = 0; ox < g.OutWidth; ox++)
                        {
                            var at = ((c * g.KernelH + i) * g.KernelW + j) * g.Pixels + oy * g.OutWidth + ox;
                            Exactly(double.CreateChecked(cols[at]), Pixel(x, g, 0, c, oy * g.Stride + i - g.Padding, ox * g.Stride + j - g.Padding), what, at);
                        }
    }

    private static void Col2Im<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Integers<T>(rng, g.ImageSize, -4, 4), c = Samples.Integers<T>(rng, g.Patch * g.Pixels, -4, 4);
        T[] unrolled = new T[c.Length], folded = Samples.Filled(g.ImageSize, T.NaN);
        Convolution.Im2Col<T>(x, unrolled, g);
        Convolution.Col2Im<T>(c, folded, g);
        var what = $"{typeof(T).Name} {g} seed {seed} Col2Im";
        Exactly(Dot(unrolled, c), Dot(x, folded), what + " ⟨im2col(x), c⟩ vs ⟨x, col2im(c)⟩", -1);

        var real = Samples.Normal<T>(rng, c.Length);
        Convolution.Col2Im<T>(real, folded, g);
        var (expected, magnitude) = (new double[g.ImageSize], new double[g.ImageSize]);
        for (var ch = 0; ch < g.Channels; ch++)
            for (var i = 0; i < g.KernelH; i++)
                for (var j = 0; j < g.KernelW; j++)
                    for (var oy = 0; oy < g.OutHeight; oy++)
                        for (var ox = 0; ox < g.OutWidth; ox++)
                        {
                            int y = oy * g.Stride + i - g.Padding, xx = ox * g.Stride + j - g.Padding;
                            if (y < 0 || y >= g.Height || xx < 0 || xx >= g.Width) continue;
                            var entry = double.CreateChecked(real[((ch * g.KernelH + i) * g.KernelW + j) * g.Pixels + oy * g.OutWidth + ox]);
                            var at = (ch * g.Height + y) * g.Width + xx;
                            (expected[at], magnitude[at]) = (expected[at] + entry, magnitude[at] + Math.Abs(entry));
                        }
        for (var at = 0; at < g.ImageSize; at++)
            Within(double.CreateChecked(folded[at]), expected[at], Bound<T>(2 * g.KernelH * g.KernelW, magnitude[at]), what, at);
    }

    private static void Forward<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, g.Batch * g.ImageSize), w = Samples.Normal<T>(rng, g.OutChannels * g.Patch);
        var y = Samples.Filled(g.Batch * g.OutImageSize, T.NaN);
        Convolution.Forward<T>(x, w, y, Stale<T>(g.Patch * g.Pixels + 3), g);
        var what = $"{typeof(T).Name} {g} seed {seed} Forward";
        for (var b = 0; b < g.Batch; b++)
        {
            for (var o = 0; o < g.OutChannels; o++)
                for (var oy = 0; oy < g.OutHeight; oy++)
                    for (var ox = 0; ox < g.OutWidth; ox++)
                    {
                        double sum = 0, magnitude = 0;
                        for (var c = 0; c < g.Channels; c++)
                            for (var i = 0; i < g.KernelH; i++)
                                for (var j = 0; j < g.KernelW; j++)
                                {
                                    var term = double.CreateChecked(w[((o * g.Channels + c) * g.KernelH + i) * g.KernelW + j])
                                               * Pixel(x, g, b, c, oy * g.Stride + i - g.Padding, ox * g.Stride + j - g.Padding);
                                    (sum, magnitude) = (sum + term, magnitude + Math.Abs(term));
                                }
                        var at = ((b * g.OutChannels + o) * g.OutHeight + oy) * g.OutWidth + ox;
                        Within(double.CreateChecked(y[at]), sum, Bound<T>(2 * (g.Patch + 1), magnitude), what, at);
                    }
        }
    }

    /// <summary>
    /// BackwardInput (on a stale work buffer) against the adjoint sum in double, within <paramref name="roundings"/>·u·Σ|terms|
    /// (default: a GEMM of depth cout then col2im's ≤ kh·kw additions, doubled for the reference).
    /// </summary>
    internal static void BackwardInput<T>(ConvGeometry g, int seed, int work = 0, int roundings = 0) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] dy = Samples.Normal<T>(rng, g.Batch * g.OutImageSize), w = Samples.Normal<T>(rng, g.OutChannels * g.Patch);
        var dx = Samples.Filled(g.Batch * g.ImageSize, T.NaN);
        Convolution.BackwardInput<T>(dy, w, dx, Stale<T>(Math.Max(work, g.Patch * g.Pixels + 3)), g);
        var (expected, magnitude) = (new double[dx.Length], new double[dx.Length]);
        for (var b = 0; b < g.Batch; b++)
            for (var o = 0; o < g.OutChannels; o++)
                for (var c = 0; c < g.Channels; c++)
                    for (var i = 0; i < g.KernelH; i++)
                        for (var j = 0; j < g.KernelW; j++)
                            for (var oy = 0; oy < g.OutHeight; oy++)
                                for (var ox = 0; ox < g.OutWidth; ox++)
                                {
                                    int y = oy * g.Stride + i - g.Padding, xx = ox * g.Stride + j - g.Padding;
                                    if (y < 0 || y >= g.Height || xx < 0 || xx >= g.Width) continue;
                                    var term = double.CreateChecked(w[((o * g.Channels + c) * g.KernelH + i) * g.KernelW + j])
                                               * double.CreateChecked(dy[((b * g.OutChannels + o) * g.OutHeight + oy) * g.OutWidth + ox]);
                                    var at = ((b * g.Channels + c) * g.Height + y) * g.Width + xx;
                                    (expected[at], magnitude[at]) = (expected[at] + term, magnitude[at] + Math.Abs(term));
                                }
        var what = $"{typeof(T).Name} {g} seed {seed} BackwardInput";
        for (var at = 0; at < dx.Length; at++)
            Within(double.CreateChecked(dx[at]), expected[at], Bound<T>(roundings > 0 ? roundings : 2 * (g.OutChannels + g.KernelH * g.KernelW), magnitude[at]), what, at);
    }

    /// <summary>BackwardFilter (on a stale work buffer) against the adjoint sum written out index by index, in double.</summary>
    internal static void BackwardFilter<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, g.Batch * g.ImageSize), dy = Samples.Normal<T>(rng, g.Batch * g.OutImageSize);
        var dw = Samples.Filled(g.OutChannels * g.Patch, T.NaN);
        Convolution.BackwardFilter<T>(dy, x, dw, Stale<T>(g.Patch * g.Pixels + 3), g);
        var what = $"{typeof(T).Name} {g} seed {seed} BackwardFilter";
        for (var o = 0; o < g.OutChannels; o++)
            for (var c = 0; c < g.Channels; c++)
                for (var i = 0; i < g.KernelH; i++)
                    for (var j = 0; j < g.KernelW; j++)
                    {
                        double sum = 0, magnitude = 0;
                        for (var b = 0; b < g.Batch; b++)
                            for (var oy = 0; oy < g.OutHeight; oy++)
                                for (var ox = 0; ox < g.OutWidth; ox++)
                                {
                                    var term = double.CreateChecked(dy[((b * g.OutChannels + o) * g.OutHeight + oy) * g.OutWidth + ox])
                                               * Pixel(x, g, b, c, oy * g.Stride + i - g.Padding, ox * g.Stride + j - g.Padding);
                                    (sum, magnitude) = (sum + term, magnitude + Math.Abs(term));
                                }
                        var at = ((o * g.Channels + c) * g.KernelH + i) * g.KernelW + j;
                        Within(double.CreateChecked(dw[at]), sum, Bound<T>(2 * (g.Batch * (g.Pixels + 1)), magnitude), what, at);
                    }
    }

    /// <summary>A work buffer left full of NaN, as a previous user might leave it: nothing may be read from it before it is written.</summary>
    private static T[] Stale<T>(int length) where T : IBinaryFloatingPointIeee754<T> => Samples.Filled(length, T.NaN);

    /// <summary>x[b, c, y, x] of the batch, 0 outside the image (the zero padding).</summary>
    private static double Pixel<T>(T[] x, ConvGeometry g, int b, int c, int y, int xx) where T : IBinaryFloatingPointIeee754<T> =>
        y < 0 || y >= g.Height || xx < 0 || xx >= g.Width ? 0 : double.CreateChecked(x[((b * g.Channels + c) * g.Height + y) * g.Width + xx]);

    private static double Dot<T>(T[] a, T[] b) where T : IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += double.CreateChecked(a[i]) * double.CreateChecked(b[i]);
        return sum;
    }
}
