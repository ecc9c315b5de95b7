using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Per-channel broadcasts and reductions over [outer, channels, inner] against scalar loops in double. Half the layouts
/// have inner = 1 (the kernels' whole-row path over channels), half inner &gt; 1 (one span per channel).
/// </summary>
public class ChannelsTests
{
    private static Arbitrary<(ChannelLayout Layout, int Seed)> Layouts() =>
        (from outer in Gen.Choose(0, 4)
         from flat in Gen.Elements(false, true)
         from channels in flat ? KernelGen.Cols : Gen.Choose(1, 9)
         from inner in flat ? Gen.Constant(1) : Gen.OneOf(Gen.Elements(3, 7, 17, 33, 65), Gen.Choose(2, 40))
         from seed in KernelGen.Seed
         select (Layout: new ChannelLayout(outer, channels, inner), Seed: seed)).ToArbitrary();

    /// <summary>
    /// ScaleShift: x·s + b, two roundings (≤ u|x·s| + u|y|), doubled for the reference; Add and Scale: one correctly
    /// rounded operation, within u|y| (a double reference rounds identically).
    /// </summary>
    [Property(MaxTest = 150)]
    public Property ScaleShift_add_and_scale_broadcast_per_channel() =>
        Prop.ForAll(Layouts(), c => { Broadcasts<float>(c.Layout, c.Seed); Broadcasts<double>(c.Layout, c.Seed); });

    /// <summary>
    /// Sum and Dot: n = outer·inner terms per channel in any order, ≤ (n − 1)u·Σ|x| (n·u·Σ|x·y| with the products);
    /// doubled for the double reference's own summation. Stale output is overwritten.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Sum_and_dot_reduce_each_channel() =>
        Prop.ForAll(Layouts(), c => { Reductions<float>(c.Layout, c.Seed); Reductions<double>(c.Layout, c.Seed); });

    private static void Broadcasts<T>(ChannelLayout l, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, l.Size), scale = Samples.Normal<T>(rng, l.Channels), shift = Samples.Normal<T>(rng, l.Channels);
        T[] scaleShift = new T[l.Size], added = new T[l.Size], scaled = new T[l.Size];
        Channels.ScaleShift<T>(x, scale, shift, scaleShift, l);
        Channels.Add<T>(x, shift, added, l);
        Channels.Scale<T>(x, scale, scaled, l);
        var what = $"{typeof(T).Name} {l} seed {seed}";
        for (var o = 0; o < l.Outer; o++)
            for (var ch = 0; ch < l.Channels; ch++)
                for (var i = 0; i < l.Inner; i++)
                {
                    var at = (o * l.Channels + ch) * l.Inner + i;
                    double xi = double.CreateChecked(x[at]), s = double.CreateChecked(scale[ch]), b = double.CreateChecked(shift[ch]);
                    double product = xi * s, sum = xi + b;
                    Within(double.CreateChecked(scaleShift[at]), product + b, Bound<T>(2, Math.Abs(product) + Math.Abs(product + b)), what + " ScaleShift", at);
                    Within(double.CreateChecked(added[at]), sum, Bound<T>(1, Math.Abs(sum)), what + " Add", at);
                    Within(double.CreateChecked(scaled[at]), product, Bound<T>(1, Math.Abs(product)), what + " Scale", at);
                }
    }

    private static void Reductions<T>(ChannelLayout l, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, l.Size), y = Samples.Normal<T>(rng, l.Size);
        T[] sums = Samples.Filled(l.Channels, T.NaN), dots = Samples.Filled(l.Channels, T.NaN);
        Channels.Sum<T>(x, sums, l);
        Channels.Dot<T>(x, y, dots, l);
        var n = l.PerChannel;
        var what = $"{typeof(T).Name} {l} seed {seed}";
        for (var ch = 0; ch < l.Channels; ch++)
        {
            double sum = 0, sumAbs = 0, dot = 0, dotAbs = 0;
            for (var o = 0; o < l.Outer; o++)
                for (var i = 0; i < l.Inner; i++)
                {
                    var at = (o * l.Channels + ch) * l.Inner + i;
                    double xi = double.CreateChecked(x[at]), yi = double.CreateChecked(y[at]);
                    (sum, sumAbs, dot, dotAbs) = (sum + xi, sumAbs + Math.Abs(xi), dot + xi * yi, dotAbs + Math.Abs(xi * yi));
                }
            Within(double.CreateChecked(sums[ch]), sum, Bound<T>(2 * n, sumAbs), what + " Sum", ch);
            Within(double.CreateChecked(dots[ch]), dot, Bound<T>(2 * (n + 1), dotAbs), what + " Dot", ch);
        }
    }
}
