using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Per-channel standardisation of [outer, channels, inner] against its doc: μ_c = mean, σ²_c = biased variance,
/// r_c = 1/√(σ²_c + ε), x̂ = (x − μ_c)·r_c, and the pullback r_c·(dy − mean_c(dy) − x̂·mean_c(dy·x̂)); all in double.
/// </summary>
public class NormalisationTests
{
    private static Arbitrary<(ChannelLayout Layout, double Offset, double Spread, double Epsilon, int Seed)> Cases() =>
        (from outer in Gen.Choose(1, 4)
         from flat in Gen.Elements(false, true)
         from channels in flat ? KernelGen.Cols : Gen.Choose(1, 9)
         from inner in flat ? Gen.Constant(1) : Gen.OneOf(Gen.Elements(1, 3, 7, 17, 65), Gen.Choose(2, 40))
         from offset in Gen.Elements(0.0, 3, -10)
         from spread in Gen.Elements(1.0, 0.1)
         from epsilon in Gen.Elements(1e-5, 1e-3)
         from seed in KernelGen.Seed
         select (Layout: new ChannelLayout(outer, channels, inner), Offset: offset, Spread: spread, Epsilon: epsilon, Seed: seed)).ToArbitrary();

    /// <summary>
    /// With n = outer·inner and A = mean|x|: μ is off by ≤ n·u·A; σ² by (n + 3)u·σ² plus μ's error squared (Σ(x − μ̂)² =
    /// Σ(x − μ)² + n(μ̂ − μ)²); r by half σ²'s relative error plus 2.5u; x̂ by r·(μ's error) and r's relative error.
    /// Each bound doubled for the reference. Offsets make the mean dominate (the two-pass variance must not cancel).
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Standardize_writes_the_mean_variance_inverse_std_and_xhat() =>
        Prop.ForAll(Cases(), c => { Standardise<float>(c); Standardise<double>(c); });

    /// <summary>
    /// The pullback: both means are off by ≤ (n + 1)u times the mean magnitude of their terms, then x̂·m₂ + m₁, + dy and ×r
    /// add one rounding each; doubled for the reference.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property StandardizeBackward_is_the_doc_formula() =>
        Prop.ForAll(Cases(), c => { Backward<float>(c); Backward<double>(c); });

    private static void Standardise<T>((ChannelLayout Layout, double Offset, double Spread, double Epsilon, int Seed) c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var l = c.Layout;
        var x = Samples.Normal<T>(new Random(c.Seed), l.Size, c.Spread, c.Offset);
        var epsilon = T.CreateChecked(c.Epsilon);
        var (xhat, mean, variance, inverseStd) = Run(x, epsilon, l);
        var n = l.PerChannel;
        var what = $"{typeof(T).Name} Standardise {c}";
        for (var ch = 0; ch < l.Channels; ch++)
        {
            var v = Values(x, l, ch);
            double mu = v.Sum() / n, abs = v.Sum(Math.Abs) / n, sigma2 = v.Sum(e => (e - mu) * (e - mu)) / n;
            double r = 1 / Math.Sqrt(sigma2 + double.CreateChecked(epsilon));
            double tolMu = Bound<T>(2 * n, abs), tolVar = Bound<T>(2 * (n + 3), sigma2) + tolMu * tolMu;
            var relR = 0.5 * tolVar / (sigma2 + double.CreateChecked(epsilon)) + Bound<T>(5, 1);
            Within(double.CreateChecked(mean[ch]), mu, tolMu, what + " mean", ch);
            Within(double.CreateChecked(variance[ch]), sigma2, tolVar, what + " variance", ch);
            Within(double.CreateChecked(inverseStd[ch]), r, relR * r, what + " inverseStd", ch);
            for (var o = 0; o < l.Outer; o++)
                for (var i = 0; i < l.Inner; i++)
                {
                    var at = (o * l.Channels + ch) * l.Inner + i;
                    var expected = (double.CreateChecked(x[at]) - mu) * r;
                    Within(double.CreateChecked(xhat[at]), expected, r * tolMu + Math.Abs(expected) * relR + Bound<T>(4, Math.Abs(expected)), what + " xhat", at);
                }
        }
    }

    private static void Backward<T>((ChannelLayout Layout, double Offset, double Spread, double Epsilon, int Seed) c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var l = c.Layout;
        var rng = new Random(c.Seed);
        var (xhat, _, _, inverseStd) = Run(Samples.Normal<T>(rng, l.Size, c.Spread, c.Offset), T.CreateChecked(c.Epsilon), l);
        T[] dy = Samples.Normal<T>(rng, l.Size), dx = Samples.Filled(l.Size, T.NaN);
        Normalisation.StandardiseBackward<T>(xhat, dy, inverseStd, dx, l);
        var n = l.PerChannel;
        var what = $"{typeof(T).Name} StandardiseBackward {c}";
        for (var ch = 0; ch < l.Channels; ch++)
        {
            double[] g = Values(dy, l, ch), h = Values(xhat, l, ch);
            double m1 = g.Sum() / n, m2 = g.Zip(h, (a, b) => a * b).Sum() / n, a1 = g.Sum(Math.Abs) / n, a2 = g.Zip(h, (a, b) => Math.Abs(a * b)).Sum() / n;
            var r = double.CreateChecked(inverseStd[ch]);
            for (var o = 0; o < l.Outer; o++)
                for (var i = 0; i < l.Inner; i++)
                {
                    var at = (o * l.Channels + ch) * l.Inner + i;
                    double gi = double.CreateChecked(dy[at]), hi = double.CreateChecked(xhat[at]), expected = r * (gi - m1 - hi * m2);
                    var magnitude = r * ((n + 1) * a1 + (n + 2) * Math.Abs(hi) * a2 + 2 * Math.Abs(hi * m2) + 2 * Math.Abs(m1) + 2 * Math.Abs(gi)) + Math.Abs(expected);
                    Within(double.CreateChecked(dx[at]), expected, Bound<T>(2, magnitude), what, at);
                }
        }
    }

    private static (T[] Xhat, T[] Mean, T[] Variance, T[] InverseStd) Run<T>(T[] x, T epsilon, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] xhat = Samples.Filled(l.Size, T.NaN), mean = Samples.Filled(l.Channels, T.NaN), variance = Samples.Filled(l.Channels, T.NaN), inverseStd = Samples.Filled(l.Channels, T.NaN);
        Normalisation.Standardise<T>(x, xhat, mean, variance, inverseStd, epsilon, l);
        return (xhat, mean, variance, inverseStd);
    }

    /// <summary>Channel <paramref name="ch"/>'s Outer·Inner elements, in double.</summary>
    private static double[] Values<T>(T[] x, ChannelLayout l, int ch) where T : IBinaryFloatingPointIeee754<T>
    {
        var v = new double[l.PerChannel];
        for (var o = 0; o < l.Outer; o++)
            for (var i = 0; i < l.Inner; i++) v[o * l.Inner + i] = double.CreateChecked(x[(o * l.Channels + ch) * l.Inner + i]);
        return v;
    }
}
