using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Pointwise kernels against their definitions, evaluated in double from the same inputs. Branch-only kernels must
/// match exactly; transcendental ones within the first-order rounding bound of the documented formula evaluated in T,
/// and within 32 ulps relative of the function itself (skipped where the kernel falls short: those are findings).
/// </summary>
public class PointwiseTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
    private static readonly double[] Slopes = [0, 0.01, 0.2, 1, 3];
    private const double GeluC = 0.7978845608028654;   // √(2/π)
    private const double GeluA = 0.044715;

    /// <summary>
    /// AllFinite against the scalar definition, on lengths that cover every path (4×512-bit blocks, 256-bit blocks,
    /// scalar tail), with at most one non-finite element planted anywhere, including the last of a block.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property AllFinite_agrees_with_the_scalar_check() =>
        Prop.ForAll(Gen.Choose(0, 300).ToArbitrary(), Gen.Choose(-1, 299).ToArbitrary(), Gen.Choose(0, 2).ToArbitrary(), (length, at, kind) =>
        {
            var x = Enumerable.Range(0, length).Select(i => Math.Sin(i) * 1e30).ToArray();
            if (at >= 0 && at < length) x[at] = Specials[kind];
            var f = x.Select(v => (float)v).ToArray();                 // 1e30 fits in float; the planted value stays non-finite
            return Pointwise.AllFinite<double>(x) == x.All(double.IsFinite)
                && Pointwise.AllFinite<float>(f) == f.All(float.IsFinite);
        });

    [Property(MaxTest = 100)]
    public Property LeakyRelu_and_its_pullback_are_exact() => ForBoth(LeakyRelu<float>, LeakyRelu<double>);

    [Property(MaxTest = 100)]
    public Property Elu_is_within_the_rounding_bound_of_its_formula() => ForBoth(Elu<float>, Elu<double>);

    /// <summary>
    /// Guards a fixed bug: .NET's T.ExpM1 is Exp(x) − 1, which made the relative error grow as x → 0⁻:
    /// float from x = −0.0056 (4.7e-6), −1e-4: 2.2e-4, −1e-6: 1.3%, and 0 for |x| &lt; 6e-8; double from x = −0.0063.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Elu_is_accurate_to_a_few_ulps_relative() => ForBoth(EluRelative<float>, EluRelative<double>);

    [Property(MaxTest = 100)]
    public Property EluBackward_is_its_formula_and_the_derivative_of_the_forward() => ForBoth(EluBackward<float>, EluBackward<double>);

    [Property(MaxTest = 100)]
    public Property Gelu_is_within_the_rounding_bound_of_its_formula() => ForBoth(Gelu<float>, Gelu<double>);

    /// <summary>
    /// Guards a fixed bug: ½x(1 + tanh u) cancels for x ≪ 0 (the kernel now computes x·σ(2u)); it was off, in float,
    /// from x = −2.67 (3.9e-6), −4: 6.7e-4,
    /// −5: 30% (−2.98e-7 for −2.29e-7), −0 from about −10; double from x = −2.73.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Gelu_is_accurate_to_a_few_ulps_relative() => ForBoth(GeluRelative<float>, GeluRelative<double>);

    [Property(MaxTest = 100)]
    public Property GeluBackward_is_within_the_rounding_bound_of_the_formula_derivative() => ForBoth(GeluBackward<float>, GeluBackward<double>);

    [Property(MaxTest = 100)]
    public Property Softplus_is_within_the_rounding_bound_of_its_formula() => ForBoth(Softplus<float>, Softplus<double>);

    /// <summary>
    /// Guards a fixed bug: .NET's T.LogP1 is Log(1 + x), so log1p(e^−|x|) lost relative accuracy as x → −∞: float from x = −4.32
    /// (4.4e-6), 0 once eˣ &lt; u (x = −17: 0, not 4.14e-8); double from x = −4.27.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Softplus_is_accurate_to_a_few_ulps_relative() => ForBoth(SoftplusRelative<float>, SoftplusRelative<double>);

    [Property(MaxTest = 100)]
    public Property Step_sign_and_clamp_are_exact() => ForBoth(StepSignClamp<float>, StepSignClamp<double>);

    [Property(MaxTest = 100)]
    public Property HuberSum_is_the_sum_of_h_and_writes_the_clamped_slope() => ForBoth(Huber<float>, Huber<double>);

    [Property(MaxTest = 100)]
    public Property BinaryCrossEntropySum_is_the_stable_sum_and_writes_sigmoid() =>
        ForBoth(BinaryCrossEntropy<float>, BinaryCrossEntropy<double>, minLength: 1);

    /// <summary>Guards a fixed bug: TensorPrimitives.Sigmoid throws on empty spans, so the sum over no elements threw instead of returning 0.</summary>
    [Fact]
    public void BinaryCrossEntropySum_of_no_elements_is_zero()
    {
        Assert.Equal(0f, Pointwise.BinaryCrossEntropySum<float>([], [], []));
        Assert.Equal(0.0, Pointwise.BinaryCrossEntropySum<double>([], [], []));
    }

    private static Property ForBoth(Action<int, int> inFloat, Action<int, int> inDouble, int minLength = 0) =>
        Prop.ForAll(KernelGen.Spans(minLength),
            c => { inFloat(c.Length, c.Seed); inDouble(c.Length, c.Seed); });

    private static void LeakyRelu<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Activations<T>(rng, n), dy = Samples.Normal<T>(rng, n), y = new T[n], dx = new T[n];
        var slope = T.CreateChecked(Slopes[rng.Next(Slopes.Length)]);
        Pointwise.LeakyRelu<T>(x, slope, y);
        Pointwise.LeakyReluBackward<T>(x, dy, slope, dx);
        var what = $"{typeof(T).Name} LeakyRelu n {n} seed {seed} slope {slope}";
        var s = double.CreateChecked(slope);
        for (var i = 0; i < n; i++)
        {
            // A product of two Ts is exact in double for float (and correctly rounded for double): rounding it to T once is the exact T product.
            double xi = double.CreateChecked(x[i]), gi = double.CreateChecked(dy[i]);
            Exactly(double.CreateChecked(y[i]), xi > 0 ? xi : RoundTo<T>(s * xi), what, i);
            Exactly(double.CreateChecked(dx[i]), xi > 0 ? gi : RoundTo<T>(s * gi), what + " backward", i);
        }
    }

    // y = x for x > 0, else α(eˣ − 1). Kernel: exp (≤ 1 ulp: 2u·eˣ), the subtraction (u·|eˣ − 1|), ×α (u·|y|); the double
    // reference (Kahan's expm1) adds a few u·|y| for double.
    private static void Elu<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y, alpha) = RunElu<T>(n, seed);
        var what = $"{typeof(T).Name} Elu n {n} seed {seed} alpha {alpha}";
        for (var i = 0; i < n; i++)
        {
            var xi = double.CreateChecked(x[i]);
            if (xi > 0) Exactly(double.CreateChecked(y[i]), xi, what, i);
            else Within(double.CreateChecked(y[i]), alpha * ExpM1(xi), EluBound<T>(xi, alpha), what, i);
        }
    }

    private static void EluRelative<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y, alpha) = RunElu<T>(n, seed);
        var what = $"{typeof(T).Name} Elu n {n} seed {seed} alpha {alpha}";
        for (var i = 0; i < n; i++)
        {
            var expected = Elu(double.CreateChecked(x[i]), alpha);
            Within(double.CreateChecked(y[i]), expected, Bound<T>(64, Math.Abs(expected)), what, i);
        }
    }

    // dx = dy for x > 0, else dy·(y + α) from the forward's y: two roundings (and two in the reference). Against the true
    // derivative dy·αeˣ the forward's own error in y comes on top.
    private static void EluBackward<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y, alpha) = RunElu<T>(n, seed);
        T[] dy = Samples.Normal<T>(new Random(~seed), n), dx = new T[n];
        Pointwise.EluBackward<T>(x, y, dy, T.CreateChecked(alpha), dx);
        var what = $"{typeof(T).Name} EluBackward n {n} seed {seed} alpha {alpha}";
        for (var i = 0; i < n; i++)
        {
            double xi = double.CreateChecked(x[i]), gi = double.CreateChecked(dy[i]), actual = double.CreateChecked(dx[i]);
            if (xi > 0) { Exactly(actual, gi, what, i); continue; }
            var formula = gi * (double.CreateChecked(y[i]) + alpha);
            var bound = Bound<T>(4, Math.Abs(formula));
            Within(actual, formula, bound, what, i);
            Within(actual, gi * alpha * Math.Exp(xi), bound + Math.Abs(gi) * EluBound<T>(xi, alpha), what + " vs αeˣ", i);
        }
    }

    private static double EluBound<T>(double x, double alpha) where T : IBinaryFloatingPointIeee754<T> =>
        Bound<T>(2, alpha * (Math.Exp(x) + 3 * Math.Abs(ExpM1(x))));

    private static (T[] X, T[] Y, double Alpha) RunElu<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = Activations<T>(rng, n);
        var alpha = double.CreateChecked(T.CreateChecked(new[] { 1.0, 0.5, 1.7 }[rng.Next(3)]));
        var y = new T[n];
        Pointwise.Elu<T>(x, T.CreateChecked(alpha), y);
        return (x, y, alpha);
    }

    // y = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³); the reference is the same function as x·σ(2u), which does not cancel.
    // Kernel: u is ≤ 7u-relative off (5 roundings, c and a rounded to T), which tanh passes on damped by sech²(u)·|u| ≤ 0.45;
    // tanh ≤ 1 ulp, 1 + t and the last product one rounding each: ≤ 4.6u·|x|; the reference a few u·|y| more.
    private static void Gelu<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y) = RunGelu<T>(n, seed);
        var what = $"{typeof(T).Name} Gelu n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            var xi = double.CreateChecked(x[i]);
            Within(double.CreateChecked(y[i]), Gelu(xi), Bound<T>(10, Math.Abs(xi)), what, i);
        }
    }

    // Relative: x·σ(w), w = 2u = 2√(2/π)(x + 0.044715x³). w carries ≤ 7 roundings (7u·|w|), which σ passes on relatively
    // as ≤ 7u·|w|·(1 − σ(w)): that is the conditioning of e^w, not a cancellation, and no evaluation in T avoids it. Then
    // exp, 1 + e, the division and the product: a few u. Doubled for the reference, plus headroom: (64 + 14|w|(1 − σ))u·|y|.
    private static void GeluRelative<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y) = RunGelu<T>(n, seed);
        var what = $"{typeof(T).Name} Gelu n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            var xi = double.CreateChecked(x[i]);
            var expected = Gelu(xi);
            var w = 2 * GeluC * (xi + GeluA * xi * xi * xi);
            Within(double.CreateChecked(y[i]), expected, Bound<T>(64 + 14 * Math.Abs(w) / (1 + Math.Exp(w)), Math.Abs(expected)), what, i);
        }
    }

    // d/dx ½x(1 + t) = ½(1 + t) + ½x(1 − t²)·u′, u′ = √(2/π)(1 + 3·0.044715x²). With Q = ½|x|u′: t is ≤ 5.2u off, so
    // ½(1 + t) ≤ 3.6u and 1 − t² ≤ 12.4u (absolute: it cancels where |t| → 1), the second term ≤ 19.4u·Q, the rest a few u:
    // ≤ (10 + 24Q)·u·|dy| with the reference.
    private static void GeluBackward<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Activations<T>(rng, n), dy = Samples.Normal<T>(rng, n), dx = new T[n];
        Pointwise.GeluBackward<T>(x, dy, dx);
        var what = $"{typeof(T).Name} GeluBackward n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            double xi = double.CreateChecked(x[i]), gi = double.CreateChecked(dy[i]);
            var q = 0.5 * Math.Abs(xi) * GeluC * (1 + 3 * GeluA * xi * xi);
            Within(double.CreateChecked(dx[i]), gi * GeluPrime(xi), Bound<T>(24, Math.Abs(gi) * (1 + q)), what, i);
        }
    }

    private static (T[] X, T[] Y) RunGelu<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = Activations<T>(new Random(seed), n);
        var y = new T[n];
        Pointwise.Gelu<T>(x, y);
        return (x, y);
    }

    // y = max(x, 0) + log(1 + e^−|x|). Kernel: exp (2u·e), then Log(1 + e) rounds 1 + e (u absolute) and the log, then the sum:
    // ≤ u(3.7 + |y|); the reference (Kahan's log1p) a few u more.
    private static void Softplus<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y) = RunSoftplus<T>(n, seed);
        var what = $"{typeof(T).Name} Softplus n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            var expected = Softplus(double.CreateChecked(x[i]));
            Within(double.CreateChecked(y[i]), expected, Bound<T>(8, 1 + Math.Abs(expected)), what, i);
        }
    }

    private static void SoftplusRelative<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, y) = RunSoftplus<T>(n, seed);
        var what = $"{typeof(T).Name} Softplus n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            var expected = Softplus(double.CreateChecked(x[i]));
            Within(double.CreateChecked(y[i]), expected, Bound<T>(64, Math.Abs(expected)), what, i);
        }
    }

    private static (T[] X, T[] Y) RunSoftplus<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = Activations<T>(new Random(seed), n);
        var y = new T[n];
        Pointwise.Softplus<T>(x, y);
        return (x, y);
    }

    private static void StepSignClamp<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = Activations<T>(rng, n);
        for (var i = 0; i < n; i++)
            if (rng.Next(16) == 0) x[i] = T.CreateChecked(Specials[rng.Next(Specials.Length)]);
        var bound = T.CreateChecked(new[] { 0.0, 0.5, 1, 3 }[rng.Next(4)]);
        T[] step = new T[n], sign = new T[n], clamped = new T[n];
        Pointwise.Heaviside<T>(x, step);
        Pointwise.Sign<T>(x, sign);
        Pointwise.Clamp<T>(x, bound, clamped);
        var what = $"{typeof(T).Name} n {n} seed {seed}";
        var b = double.CreateChecked(bound);
        for (var i = 0; i < n; i++)
        {
            var xi = double.CreateChecked(x[i]);
            Exactly(double.CreateChecked(step[i]), xi > 0 ? 1 : 0, what + " Step", i);
            Exactly(double.CreateChecked(sign[i]), double.IsNaN(xi) ? double.NaN : xi > 0 ? 1 : xi < 0 ? -1 : 0, what + " Sign", i);
            Exactly(double.CreateChecked(clamped[i]), double.IsNaN(xi) ? double.NaN : xi > b ? b : xi < -b ? -b : xi, what + $" Clamp {b}", i);
        }
    }

    // Σ h(e): h(e) = ½e² if |e| ≤ δ, else δ(|e| − ½δ); each h ≤ 2 roundings, the running sum n − 1 more, all of
    // nonnegative terms: ≤ (n + 1)u·Σh, as much again for the double reference. The slope, clamp(e, −δ, δ), is exact.
    private static void Huber<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var e = Samples.Normal<T>(rng, n, scale: 2);
        var delta = T.CreateChecked(new[] { 0.5, 1, 1.35, 3 }[rng.Next(4)]);
        var slope = new T[n];
        var total = double.CreateChecked(Pointwise.HuberSum<T>(e, delta, slope));
        double d = double.CreateChecked(delta), expected = 0;
        var what = $"{typeof(T).Name} HuberSum n {n} seed {seed} delta {d}";
        for (var i = 0; i < n; i++)
        {
            var ei = double.CreateChecked(e[i]);
            expected += Math.Abs(ei) <= d ? 0.5 * ei * ei : d * (Math.Abs(ei) - 0.5 * d);
            Exactly(double.CreateChecked(slope[i]), Math.Clamp(ei, -d, d), what + " slope", i);
        }
        Within(total, expected, Bound<T>(2 * (n + 1), expected), what, -1);
    }

    // Σ max(z, 0) − zy + log(1 + e^−|z|). Per term: zy, the difference, and log(1 + e) (≤ 4u absolute, as in softplus), then
    // the running sum (n − 1)u·Σ|term|; as much again for the reference. σ(z): ≤ 4u relative (exp, 1 + e, the division).
    private static void BinaryCrossEntropy<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var z = Samples.Normal<T>(rng, n, scale: new[] { 1.0, 10, 100 }[rng.Next(3)]);
        var targets = rng.Next(2) == 0 ? Samples.Integers<T>(rng, n, 0, 1) : Samples.Uniform<T>(rng, n, 0, 1);
        var probs = new T[n];
        var total = double.CreateChecked(Pointwise.BinaryCrossEntropySum<T>(z, targets, probs));
        double expected = 0, magnitude = 0;
        var what = $"{typeof(T).Name} BinaryCrossEntropySum n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            double zi = double.CreateChecked(z[i]), yi = double.CreateChecked(targets[i]);
            var term = Math.Max(zi, 0) - zi * yi + Log1P(Math.Exp(-Math.Abs(zi)));
            expected += term;
            magnitude += Math.Abs(zi * yi) + Math.Abs(Math.Max(zi, 0) - zi * yi) + 4 + n * Math.Abs(term);
            var sigma = 1 / (1 + Math.Exp(-zi));
            Within(double.CreateChecked(probs[i]), sigma, Bound<T>(8, sigma), what + " probs", i);
        }
        Within(total, expected, Bound<T>(2, magnitude), what, -1);
    }

    /// <summary>Activation inputs: normal, with exact zeros, tiny magnitudes (10⁻¹²..10⁻¹) and far tails (±5..±30) mixed in.</summary>
    private static T[] Activations<T>(Random rng, int n) where T : IBinaryFloatingPointIeee754<T>
    {
        var x = new T[n];
        for (var i = 0; i < n; i++)
        {
            var sign = rng.Next(2) == 0 ? -1.0 : 1.0;
            x[i] = T.CreateChecked(rng.Next(8) switch
            {
                0 => 0.0,
                1 => sign * Math.Pow(10, -1 - 11 * rng.NextDouble()),
                2 => sign * (5 + 25 * rng.NextDouble()),
                _ => 2 * Samples.Gaussian(rng),
            });
        }
        return x;
    }

    private static double RoundTo<T>(double v) where T : IBinaryFloatingPointIeee754<T> => double.CreateChecked(T.CreateChecked(v));

    private static double Elu(double x, double alpha) => x > 0 ? x : alpha * ExpM1(x);

    // x·σ(w), with σ(w) = e^w/(1 + e^w) for w < 0 so that e^−w does not overflow where the result is still a double.
    private static double Gelu(double x)
    {
        var w = 2 * GeluC * (x + GeluA * x * x * x);
        return w >= 0 ? x / (1 + Math.Exp(-w)) : x * Math.Exp(w) / (1 + Math.Exp(w));
    }

    // ½(1 + t) = σ(2u) and ½(1 − t²) = 2σ(2u)σ(−2u): the derivative without the cancellation of 1 ± t.
    private static double GeluPrime(double x)
    {
        var u = GeluC * (x + GeluA * x * x * x);
        double s = 1 / (1 + Math.Exp(-2 * u)), sMinus = 1 / (1 + Math.Exp(2 * u));
        return s + 2 * x * s * sMinus * GeluC * (1 + 3 * GeluA * x * x);
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Log1P(Math.Exp(-Math.Abs(x)));

    // eˣ − 1 to a few ulps (Kahan): the rounding of eˣ cancels between the difference and the log.
    private static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1) return x;
        var um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }

    // log(1 + x) to a few ulps (Kahan).
    private static double Log1P(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>Where eˣ underflows to 0, Kahan's ratio would be (−1)·x / log 0 = 0: ELU must saturate at −α instead.</summary>
    [Fact]
    public void Elu_saturates_at_minus_alpha_where_the_exponential_underflows()
    {
        var y = new double[2];
        Pointwise.Elu<double>([-1000.0, -800.0], 1.5, y);
        Assert.Equal([-1.5, -1.5], y);
        var y32 = new float[2];
        Pointwise.Elu<float>([-200f, -150f], 0.5f, y32);
        Assert.Equal([-0.5f, -0.5f], y32);
    }
}
