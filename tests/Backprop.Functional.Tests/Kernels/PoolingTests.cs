using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Max and average pooling against window loops in double. The kernel doc (and the MaxPool2d/AvgPool2d rules, which
/// always pass padding 0) define windows without padding, so geometries here have padding 0; windows are kh×kw
/// (the kernels allow kh ≠ kw), strides 1..3, overlapping when the stride is below the window.
/// </summary>
public class PoolingTests
{
    private static Arbitrary<(ConvGeometry G, bool Ties, int Seed)> Geometries() =>
        (from batch in Gen.Choose(1, 2)
         from channels in Gen.Choose(1, 3)
         from kh in Gen.Choose(1, 4)
         from kw in Gen.Elements(1, 2, 3, 4, 7, 9, 17)
         from stride in Gen.Choose(1, 3)
         from h in Gen.Choose(kh, 10)
         from w in Gen.Choose(kw, 20)
         from ties in Gen.Elements(false, true)
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, channels, kh, kw, stride, 0), Ties: ties, Seed: seed)).ToArbitrary();

    /// <summary>y = the window maximum and argmax its flat index in x, the first in row-major window order on ties: exact.</summary>
    [Property(MaxTest = 150)]
    public Property MaxForward_finds_each_window_maximum_and_its_first_index() =>
        Prop.ForAll(Geometries(), c => { MaxForward<float>(c.G, c.Ties, c.Seed); MaxForward<double>(c.G, c.Ties, c.Seed); });

    /// <summary>dx[k] = Σ dy[o] over the windows o that k won; k terms, ≤ (k − 1)u·Σ|dy|, doubled for the reference.</summary>
    [Property(MaxTest = 150)]
    public Property MaxBackward_routes_dy_to_the_winners() =>
        Prop.ForAll(Geometries(), c => { MaxBackward<float>(c.G, c.Seed); MaxBackward<double>(c.G, c.Seed); });

    /// <summary>Batches of planes big enough that max pooling and its pullback share them between two threads (LeNet's first pool is 384 planes of 28×28).</summary>
    private static Arbitrary<(ConvGeometry G, bool Ties, int Seed)> Shared() =>
        (from batch in Gen.Choose(16, 24)
         from channels in Gen.Choose(16, 20)
         from size in Gen.Choose(2, 3)
         from stride in Gen.Choose(1, 3)
         from h in Gen.Choose(32, 40)
         from w in Gen.Choose(32, 40)
         from ties in Gen.Elements(false, true)
         from seed in KernelGen.Seed
         let g = new ConvGeometry(batch, channels, h, w, channels, size, size, stride, 0)
         where (long)batch * channels * g.Pixels * size * size >= 2 * ParallelRange.MinWorkPerPart
               && (long)batch * channels * h * w >= 2 * ParallelRange.MinWorkPerPart
         select (G: g, Ties: ties, Seed: seed)).ToArbitrary();

    /// <summary>With the planes shared among the threads, the maxima, winners and routed gradients are still exact.</summary>
    [Property(MaxTest = 10)]
    public Property Shared_planes_still_pool_exactly() =>
        Prop.ForAll(Shared(), c =>
        {
            if (Environment.ProcessorCount >= 2)
            {
                Assert.Equal(2, Parallelism.With(2, () => ParallelRange.Parts(c.G.Batch * c.G.Channels, (long)c.G.Pixels * c.G.KernelH * c.G.KernelW)));
                Assert.Equal(2, Parallelism.With(2, () => ParallelRange.Parts(c.G.Batch * c.G.Channels, c.G.Height * c.G.Width)));
            }
            MaxForward<float>(c.G, c.Ties, c.Seed);
            MaxBackward<double>(c.G, c.Seed);
        });

    /// <summary>One thread and two give the same maxima, winners and gradients, to the bit.</summary>
    [Property(MaxTest = 10)]
    public Property Max_pooling_does_not_depend_on_the_thread_count() =>
        Prop.ForAll(Shared(), c =>
        {
            var g = c.G;
            var rng = new Random(c.Seed);
            var x = c.Ties ? Samples.Integers<float>(rng, g.Batch * g.ImageSize, -2, 2) : Samples.Normal<float>(rng, g.Batch * g.ImageSize);
            var dy = Samples.Normal<float>(rng, g.Batch * g.Channels * g.Pixels);
            (float[] Y, int[] Winners, float[] Dx) Run(int threads) => Parallelism.With(threads, () =>
            {
                var (y, winners, dx) = (new float[dy.Length], new int[dy.Length], new float[x.Length]);
                Pooling.MaxForward<float>(x, y, winners, g);
                Pooling.MaxBackward<float>(dy, winners, dx, g);
                return (y, winners, dx);
            });
            var (one, two) = (Run(1), Run(2));
            Assert.True(one.Y.SequenceEqual(two.Y) && one.Winners.SequenceEqual(two.Winners) && one.Dx.SequenceEqual(two.Dx),
                $"{g} seed {c.Seed}: max pooling differs between one thread and two");
        });

    /// <summary>
    /// 2×2 windows at stride 2, the shape whose float maxima are taken sixteen (AVX-512), eight or four windows at a time: images 2..72
    /// wide (full groups, a second and third group of sixteen, an overlapping last group, and the scalar loop below 8), odd sizes, ties, and NaNs anywhere.
    /// </summary>
    private static Arbitrary<(ConvGeometry G, int Seed, int NaNs)> Pairs() =>
        (from batch in Gen.Choose(1, 3)
         from channels in Gen.Choose(1, 3)
         from h in Gen.Choose(2, 9)
         from w in Gen.Choose(2, 72)
         from nans in Gen.Choose(0, 6)
         from seed in KernelGen.Seed
         select (G: new ConvGeometry(batch, channels, h, w, channels, 2, 2, 2, 0), Seed: seed, NaNs: nans)).ToArbitrary();

    /// <summary>Float pooling (vector groups where the row allows) takes the same maxima and winners as double pooling (always the window loop), NaNs included.</summary>
    [Property(MaxTest = 200)]
    public Property Float_pairs_pool_as_the_window_loop_does() =>
        Prop.ForAll(Pairs(), c =>
        {
            var g = c.G;
            var rng = new Random(c.Seed);
            var x = Samples.Integers<float>(rng, g.Batch * g.ImageSize, -3, 3);
            for (var i = 0; i < c.NaNs; i++) x[rng.Next(x.Length)] = float.NaN;
            var wide = x.Select(v => (double)v).ToArray();
            var outputs = g.Batch * g.Channels * g.Pixels;
            var (y, winners) = (Samples.Filled(outputs, -9f), Samples.Filled(outputs, -1));
            var (expected, expectedWinners) = (new double[outputs], new int[outputs]);
            Pooling.MaxForward<float>(x, y, winners, g);
            Pooling.MaxForward<double>(wide, expected, expectedWinners, g);
            for (var o = 0; o < outputs; o++)
                Assert.True(winners[o] == expectedWinners[o] && (y[o].Equals((float)expected[o])),
                    $"{g} seed {c.Seed}: output {o} is {y[o]} from {winners[o]}, the window loop gives {expected[o]} from {expectedWinners[o]}");
        });

    /// <summary>
    /// Float pairs route dy (NaN, ±0 among them) as double pooling's scatter does, to the bit: every element written
    /// (a stale dx), a −0 gradient landing as +0, the rows and columns no window covers zero.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Float_pairs_route_dy_as_the_scatter_does() =>
        Prop.ForAll(Pairs(), c =>
        {
            var g = c.G;
            var rng = new Random(c.Seed);
            var x = Samples.Integers<float>(rng, g.Batch * g.ImageSize, -3, 3);
            var outputs = g.Batch * g.Channels * g.Pixels;
            var winners = new int[outputs];
            Pooling.MaxForward<float>(x, new float[outputs], winners, g);
            var dy = Samples.Normal<float>(rng, outputs);
            for (var i = 0; i < c.NaNs; i++) dy[rng.Next(outputs)] = (i % 3) switch { 0 => float.NaN, 1 => -0f, _ => 0f };
            var (dx, expected) = (Samples.Filled(x.Length, float.NaN), Samples.Filled(x.Length, double.NaN));
            Pooling.MaxBackward<float>(dy, winners, dx, g);
            Pooling.MaxBackward<double>(dy.Select(v => (double)v).ToArray(), winners, expected, g);
            for (var k = 0; k < x.Length; k++)
                Assert.True(BitConverter.SingleToInt32Bits(dx[k]) == BitConverter.SingleToInt32Bits((float)expected[k]),
                    $"{g} seed {c.Seed}: dx[{k}] is {dx[k]}, the scatter gives {expected[k]}");
        });

    /// <summary>y = Σ window / (kh·kw): kh·kw − 1 additions, 1/(kh·kw) and the product: ≤ (kh·kw + 1)u·mean|x|, doubled.</summary>
    [Property(MaxTest = 150)]
    public Property AverageForward_is_the_window_mean() =>
        Prop.ForAll(Geometries(), c => { AverageForward<float>(c.G, c.Seed); AverageForward<double>(c.G, c.Seed); });

    /// <summary>dx[k] = Σ dy[o]/(kh·kw) over the windows o that contain k: two roundings per term and one per addition, doubled.</summary>
    [Property(MaxTest = 150)]
    public Property AverageBackward_spreads_dy_evenly_over_each_window() =>
        Prop.ForAll(Geometries(), c => { AverageBackward<float>(c.G, c.Seed); AverageBackward<double>(c.G, c.Seed); });

    /// <summary>A span shorter than the geometry needs is an argument error naming it: the planes are read through pointers.</summary>
    [Fact]
    public void A_span_shorter_than_the_geometry_is_rejected_by_name()
    {
        var g = new ConvGeometry(2, 3, 6, 8, 3, 2, 2, 2, 0);
        int x = g.Batch * g.ImageSize, y = g.Batch * g.Channels * g.Pixels;
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Pooling.MaxForward<float>(new float[x - 1], new float[y], new int[y], g)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Pooling.MaxForward<float>(new float[x], new float[y - 1], new int[y], g)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => Pooling.MaxForward<float>(new float[x], new float[y], new int[y - 1], g)).ParamName);
        Assert.Equal("dy", Assert.Throws<ArgumentException>(() => Pooling.MaxBackward<float>(new float[y - 1], new int[y], new float[x], g)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => Pooling.MaxBackward<float>(new float[y], new int[y - 1], new float[x], g)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => Pooling.MaxBackward<float>(new float[y], new int[y], new float[x - 1], g)).ParamName);
    }

    /// <summary>A geometry with padding is rejected, not read out of bounds (or, on a larger image, from the wrong pixels).</summary>
    [Fact]
    public void A_geometry_with_padding_is_rejected()
    {
        var g = new ConvGeometry(1, 1, 2, 2, 1, 2, 2, 1, 1);
        var (x, y, index) = (new float[4], new float[g.OutHeight * g.OutWidth], new int[g.OutHeight * g.OutWidth]);
        Assert.Contains("no padding", Assert.Throws<ArgumentException>(() => Pooling.MaxForward<float>(x, y, index, g)).Message);
        Assert.Throws<ArgumentException>(() => Pooling.AverageForward<float>(x, y, g));
        Assert.Throws<ArgumentException>(() => Pooling.AverageBackward<float>(y, x, g));
    }

    private static void MaxForward<T>(ConvGeometry g, bool ties, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = Input<T>(g, ties, seed);
        var outputs = g.Batch * g.Channels * g.Pixels;
        var (y, argmax) = (Samples.Filled(outputs, T.NaN), Samples.Filled(outputs, -1));
        Pooling.MaxForward<T>(x, y, argmax, g);
        var what = $"{typeof(T).Name} MaxForward {g} ties {ties} seed {seed}";
        var o = 0;
        foreach (var window in Windows(g))
        {
            var best = window[0];
            foreach (var at in window) if (x[at] > x[best]) best = at;
            Assert.True(argmax[o] == best, $"{what}: argmax[{o}] = {argmax[o]}, expected {best}");
            Exactly(double.CreateChecked(y[o]), double.CreateChecked(x[best]), what, o);
            o++;
        }
    }

    private static void MaxBackward<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var winners = Windows(g).Select(window => window[rng.Next(window.Length)]).ToArray();   // any routing: the pullback only reads argmax
        T[] dy = Samples.Normal<T>(rng, winners.Length), dx = Samples.Filled(g.Batch * g.ImageSize, T.NaN);
        Pooling.MaxBackward<T>(dy, winners, dx, g);
        var (expected, magnitude, terms) = (new double[dx.Length], new double[dx.Length], new int[dx.Length]);
        for (var o = 0; o < winners.Length; o++)
        {
            var d = double.CreateChecked(dy[o]);
            (expected[winners[o]], magnitude[winners[o]], terms[winners[o]]) = (expected[winners[o]] + d, magnitude[winners[o]] + Math.Abs(d), terms[winners[o]] + 1);
        }
        for (var k = 0; k < dx.Length; k++)
            Within(double.CreateChecked(dx[k]), expected[k], Bound<T>(2 * terms[k], magnitude[k]), $"{typeof(T).Name} MaxBackward {g} seed {seed}", k);
    }

    private static void AverageForward<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = Input<T>(g, ties: false, seed);
        var y = Samples.Filled(g.Batch * g.Channels * g.Pixels, T.NaN);
        Pooling.AverageForward<T>(x, y, g);
        var area = g.KernelH * g.KernelW;
        var o = 0;
        foreach (var window in Windows(g))
        {
            double sum = window.Sum(at => double.CreateChecked(x[at])), magnitude = window.Sum(at => Math.Abs(double.CreateChecked(x[at])));
            Within(double.CreateChecked(y[o]), sum / area, Bound<T>(2 * (area + 1), magnitude / area), $"{typeof(T).Name} AverageForward {g} seed {seed}", o);
            o++;
        }
    }

    private static void AverageBackward<T>(ConvGeometry g, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var windows = Windows(g).ToArray();
        T[] dy = Samples.Normal<T>(new Random(seed), windows.Length), dx = Samples.Filled(g.Batch * g.ImageSize, T.NaN);
        Pooling.AverageBackward<T>(dy, dx, g);
        var area = g.KernelH * g.KernelW;
        var (expected, magnitude, terms) = (new double[dx.Length], new double[dx.Length], new int[dx.Length]);
        for (var o = 0; o < windows.Length; o++)
        {
            var share = double.CreateChecked(dy[o]) / area;
            foreach (var at in windows[o]) (expected[at], magnitude[at], terms[at]) = (expected[at] + share, magnitude[at] + Math.Abs(share), terms[at] + 1);
        }
        for (var k = 0; k < dx.Length; k++)
            Within(double.CreateChecked(dx[k]), expected[k], Bound<T>(2 * (terms[k] + 2), magnitude[k]), $"{typeof(T).Name} AverageBackward {g} seed {seed}", k);
    }

    /// <summary>The flat indices into x of every window, in output order (plane, oy, ox), each in row-major window order.</summary>
    private static IEnumerable<int[]> Windows(ConvGeometry g)
    {
        for (var p = 0; p < g.Batch * g.Channels; p++)
            for (var oy = 0; oy < g.OutHeight; oy++)
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var window = new int[g.KernelH * g.KernelW];
                    for (var i = 0; i < g.KernelH; i++)
                        for (var j = 0; j < g.KernelW; j++)
                            window[i * g.KernelW + j] = (p * g.Height + oy * g.Stride + i) * g.Width + ox * g.Stride + j;
                    yield return window;
                }
    }

    /// <summary>Normal values, or (with <paramref name="ties"/>) a few whole numbers so windows often hold equal maxima.</summary>
    private static T[] Input<T>(ConvGeometry g, bool ties, int seed) where T : IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        return ties ? Samples.Integers<T>(rng, g.Batch * g.ImageSize, -2, 2) : Samples.Normal<T>(rng, g.Batch * g.ImageSize);
    }
}
