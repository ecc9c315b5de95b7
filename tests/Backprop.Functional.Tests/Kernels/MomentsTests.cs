using System.Numerics;
using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>The optimiser moment arithmetic against its doc formulas, evaluated in double from the same inputs.</summary>
public class MomentsTests
{
    private static readonly double[] Decays = [0, 0.5, 0.9, 0.99, 0.999, 1];

    /// <summary>
    /// m′ = d·m + (1 − d)·g and v′ = d·v + s·g². Four roundings each (1 − d or g², the two products, the sum), each at most
    /// u times one of the terms t₁ = d·m, t₂ = (1 − d)·g or the result: ≤ u(|t₁| + 2|t₂| + |m′|); doubled for the reference.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property Average_and_square_average_are_the_moving_averages() =>
        Prop.ForAll(KernelGen.Spans(), c => { Averages<float>(c.Length, c.Seed); Averages<double>(c.Length, c.Seed); });

    /// <summary>u = (a·aScale)/(√(v·vScale) + ε): positive denominators, so ≤ 4.5u relative in the kernel (and in the reference).</summary>
    [Property(MaxTest = 150)]
    public Property Ratio_is_the_scaled_step() =>
        Prop.ForAll(KernelGen.Spans(), c => { Ratio<float>(c.Length, c.Seed); Ratio<double>(c.Length, c.Seed); });

    private static void Averages<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var magnitude = Math.Pow(10, rng.Next(-3, 4));
        T[] m = Samples.Normal<T>(rng, n, magnitude), g = Samples.Normal<T>(rng, n, magnitude), v = Samples.Uniform<T>(rng, n, 0, magnitude * magnitude);
        T decay = T.CreateChecked(Decays[rng.Next(Decays.Length)]), scale = rng.Next(2) == 0 ? T.One : T.One - decay;
        T[] average = new T[n], squares = new T[n];
        Moments.Average<T>(m, g, decay, average);
        Moments.SquareAverage<T>(v, g, decay, scale, squares);
        double d = double.CreateChecked(decay), s = double.CreateChecked(scale);
        var what = $"{typeof(T).Name} n {n} seed {seed} decay {d} scale {s}";
        for (var i = 0; i < n; i++)
        {
            double mi = double.CreateChecked(m[i]), gi = double.CreateChecked(g[i]), vi = double.CreateChecked(v[i]);
            double t1 = d * mi, t2 = (1 - d) * gi, expected = t1 + t2;
            Within(double.CreateChecked(average[i]), expected, Bound<T>(2, Math.Abs(t1) + 2 * Math.Abs(t2) + Math.Abs(expected)), what + " Average", i);
            (t1, t2) = (d * vi, s * gi * gi);
            expected = t1 + t2;
            Within(double.CreateChecked(squares[i]), expected, Bound<T>(2, Math.Abs(t1) + 2 * Math.Abs(t2) + Math.Abs(expected)), what + " SquareAverage", i);
        }
    }

    private static void Ratio<T>(int n, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        T[] a = Samples.Normal<T>(rng, n), v = Samples.Uniform<T>(rng, n, 0, Math.Pow(10, rng.Next(-8, 3)));
        T aScale = T.CreateChecked(1 + 9 * rng.NextDouble()), vScale = T.CreateChecked(1 + 999 * rng.NextDouble());
        var epsilon = T.CreateChecked(new[] { 1e-8, 1e-6, 0.1 }[rng.Next(3)]);
        var result = new T[n];
        Moments.Ratio<T>(a, aScale, v, vScale, epsilon, result);
        double sa = double.CreateChecked(aScale), sv = double.CreateChecked(vScale), e = double.CreateChecked(epsilon);
        var what = $"{typeof(T).Name} Ratio n {n} seed {seed} aScale {sa} vScale {sv} epsilon {e}";
        for (var i = 0; i < n; i++)
        {
            var expected = double.CreateChecked(a[i]) * sa / (Math.Sqrt(double.CreateChecked(v[i]) * sv) + e);
            Within(double.CreateChecked(result[i]), expected, Bound<T>(9, Math.Abs(expected)), what, i);
        }
    }
}
