using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>The fused activation pullbacks against their formulas, evaluated in double from the same inputs.</summary>
public class ActivationTests
{
    /// <summary>dx = dy where x &gt; 0, else 0: a select, so exact (NaN and ±0 are not &gt; 0).</summary>
    [Property(MaxTest = 100)]
    public Property ReluBackward_passes_dy_exactly_where_x_is_positive() =>
        Prop.ForAll(KernelGen.Spans(), c => { Relu<float>(c.Length, c.Seed); Relu<double>(c.Length, c.Seed); });

    [Theory]
    [InlineData(16, 15, 16)]
    [InlineData(16, 16, 15)]
    public void ReluBackward_refuses_a_dy_or_dx_shorter_than_x(int x, int dy, int dx) =>
        Assert.Contains("relu backward: x has 16 elements", Assert.Throws<ArgumentException>(() => Activation.ReluBackward<float>(new float[x], new float[dy], new float[dx])).Message);

    /// <summary>dx = dy·y·(1 − y): three roundings in the kernel (two more in a double reference), all relative to the result.</summary>
    [Property(MaxTest = 100)]
    public Property SigmoidBackward_is_dy_y_one_minus_y() =>
        Prop.ForAll(KernelGen.Spans(), c => { Sigmoid<float>(c.Length, c.Seed); Sigmoid<double>(c.Length, c.Seed); });

    /// <summary>
    /// dx = dy·(1 − y²). 1 − y² cancels as |y| → 1, so the rounding of y² counts against y², not the result:
    /// ≤ u·|dy|·(y² + 2|1 − y²|) in the kernel, as much in a double reference.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property TanhBackward_is_dy_one_minus_y_squared() =>
        Prop.ForAll(KernelGen.Spans(), c => { Tanh<float>(c.Length, c.Seed); Tanh<double>(c.Length, c.Seed); });

    private static void Relu<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] x = Samples.Normal<T>(rng, n), dy = Samples.Normal<T>(rng, n), dx = Samples.Filled(n, T.NaN);
        for (var i = 0; i < n; i++)
            if (rng.Next(8) == 0) x[i] = rng.Next(4) switch { 0 => T.Zero, 1 => T.NegativeZero, 2 => T.NaN, _ => T.Epsilon };
        Activation.ReluBackward<T>(x, dy, dx);
        var what = $"{typeof(T).Name} ReluBackward n {n} seed {seed}";
        for (var i = 0; i < n; i++)
            Exactly(double.CreateChecked(dx[i]), double.CreateChecked(x[i]) > 0 ? double.CreateChecked(dy[i]) : 0, what, i);
    }

    private static void Sigmoid<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] y = Samples.Uniform<T>(rng, n, 0, 1), dy = Samples.Normal<T>(rng, n), dx = new T[n];
        Activation.SigmoidBackward<T>(y, dy, dx);
        var what = $"{typeof(T).Name} SigmoidBackward n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            double yi = double.CreateChecked(y[i]), expected = double.CreateChecked(dy[i]) * yi * (1 - yi);
            Within(double.CreateChecked(dx[i]), expected, Bound<T>(5, Math.Abs(expected)), what, i);
        }
    }

    private static void Tanh<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] y = new T[n], dy = Samples.Normal<T>(rng, n), dx = new T[n];
        for (var i = 0; i < n; i++) y[i] = T.CreateChecked(Math.Tanh(3 * Samples.Gaussian(rng)));   // many near ±1
        Activation.TanhBackward<T>(y, dy, dx);
        var what = $"{typeof(T).Name} TanhBackward n {n} seed {seed}";
        for (var i = 0; i < n; i++)
        {
            double yi = double.CreateChecked(y[i]), gi = double.CreateChecked(dy[i]);
            Within(double.CreateChecked(dx[i]), gi * (1 - yi * yi), Bound<T>(2, Math.Abs(gi) * (yi * yi + 2 * Math.Abs(1 - yi * yi))), what, i);
        }
    }
}
