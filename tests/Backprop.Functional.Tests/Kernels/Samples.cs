using System.Numerics;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Random test data in T, and its exact widening to double for the references.</summary>
internal static class Samples
{
    public static T[] Uniform<T>(Random rng, int length, double lo = -1, double hi = 1) where T : IBinaryFloatingPointIeee754<T>
    {
        var v = new T[length];
        for (var i = 0; i < v.Length; i++) v[i] = T.CreateChecked(lo + (hi - lo) * rng.NextDouble());
        return v;
    }

    public static T[] Normal<T>(Random rng, int length, double scale = 1, double offset = 0) where T : IBinaryFloatingPointIeee754<T>
    {
        var v = new T[length];
        for (var i = 0; i < v.Length; i++) v[i] = T.CreateChecked(offset + scale * Gaussian(rng));
        return v;
    }

    /// <summary>Whole numbers in lo..hi: every sum and product of a few of them is exact, so index errors show as exact mismatches.</summary>
    public static T[] Integers<T>(Random rng, int length, int lo, int hi) where T : IBinaryFloatingPointIeee754<T>
    {
        var v = new T[length];
        for (var i = 0; i < v.Length; i++) v[i] = T.CreateChecked(rng.Next(lo, hi + 1));
        return v;
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>The values as doubles (exact: float and double both widen to double without rounding).</summary>
    public static double[] Wide<T>(ReadOnlySpan<T> v) where T : IBinaryFloatingPointIeee754<T>
    {
        var d = new double[v.Length];
        for (var i = 0; i < d.Length; i++) d[i] = double.CreateChecked(v[i]);
        return d;
    }

    public static T[] Filled<T>(int length, T value) => Enumerable.Repeat(value, length).ToArray();
}
