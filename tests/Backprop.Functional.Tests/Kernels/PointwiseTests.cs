using Backprop.Functional.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Kernels;

public class PointwiseTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];

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
}
