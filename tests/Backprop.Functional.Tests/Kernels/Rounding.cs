using System.Numerics;
using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Rounding-error bounds for comparing a kernel in <c>T</c> with a reference in double: each rounding in round-to-nearest
/// is off by at most u·|value| (u = eps/2, the unit roundoff). Below T's normal range there is no relative precision
/// (a subnormal result may also flush to 0), so every bound also admits the smallest normal number.
/// </summary>
internal static class Rounding
{
    /// <summary>The unit roundoff u = eps/2 of T: 2⁻²⁴ for float, 2⁻⁵³ for double.</summary>
    public static double Unit<T>() where T : IBinaryFloatingPointIeee754<T> => double.CreateChecked(T.BitIncrement(T.One) - T.One) / 2;

    /// <summary><paramref name="roundings"/> roundings, each of at most u·<paramref name="magnitude"/>, plus the smallest normal number.</summary>
    public static double Bound<T>(double roundings, double magnitude) where T : IBinaryFloatingPointIeee754<T> =>
        roundings * Unit<T>() * magnitude + MinNormal<T>();

    /// <summary>The smallest normal number of T: 2⁻¹²⁶ for float, 2⁻¹⁰²² for double.</summary>
    public static double MinNormal<T>() where T : IBinaryFloatingPointIeee754<T> => double.CreateChecked(T.Epsilon) / (2 * Unit<T>());

    /// <summary>Fails unless |actual − expected| ≤ bound (NaN matches only NaN; equal infinities match).</summary>
    public static void Within(double actual, double expected, double bound, string what, int at)
    {
        if (actual == expected || (double.IsNaN(actual) && double.IsNaN(expected)) || Math.Abs(actual - expected) <= bound) return;
        Assert.Fail($"{what}: [{at}] = {actual:R}, expected {expected:R} ± {bound:R} (off by {Math.Abs(actual - expected):R})");
    }

    /// <summary>Fails unless actual equals expected exactly (NaN matches NaN; 0 matches −0).</summary>
    public static void Exactly(double actual, double expected, string what, int at) => Within(actual, expected, 0, what, at);
}
