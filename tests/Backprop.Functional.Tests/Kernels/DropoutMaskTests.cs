using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>The inverted-dropout mask against its doc: mask = 1/(1 − rate) where uniform ≥ rate, else 0 (draws in [0, 1)).</summary>
public class DropoutMaskTests
{
    /// <summary>
    /// Dropped elements are exactly 0; kept ones 1/(1 − rate) to two roundings (1 − rate, then the reciprocal). Some draws
    /// equal the rate exactly: they are kept (≥). Draws are multiples of 2⁻²⁴, exact in float, so none rounds up to 1.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Fill_keeps_draws_at_or_above_the_rate_scaled_by_one_over_one_minus_rate() =>
        Prop.ForAll((from n in KernelGen.Length
                     from rate in Gen.OneOf(Gen.Elements(0.0, 0.1, 0.25, 0.5, 0.9), Gen.Choose(0, 990).Select(k => k / 1000.0))
                     from seed in KernelGen.Seed
                     select (Length: n, Rate: rate, Seed: seed)).ToArbitrary(),
            c => { Check<float>(c.Length, c.Rate, c.Seed); Check<double>(c.Length, c.Rate, c.Seed); });

    private static void Check<T>(int n, double rateValue, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var rate = T.CreateChecked(rateValue);
        var uniform = new T[n];
        for (var i = 0; i < n; i++) uniform[i] = rng.Next(8) == 0 ? rate : T.CreateChecked(rng.Next(1 << 24) / (double)(1 << 24));
        var mask = Samples.Filled(n, T.NaN);
        DropoutMask.Fill<T>(uniform, rate, mask);
        var r = double.CreateChecked(rate);
        var keep = 1 / (1 - r);
        var what = $"{typeof(T).Name} Fill n {n} rate {r} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            if (double.CreateChecked(uniform[i]) < r) Exactly(double.CreateChecked(mask[i]), 0, what, i);
            else Within(double.CreateChecked(mask[i]), keep, Bound<T>(2, keep), what, i);
        }
    }
}
