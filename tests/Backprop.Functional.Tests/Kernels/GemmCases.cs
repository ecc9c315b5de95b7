using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Shapes built from sizes that straddle every tile edge; 300 also splits the reduction into blocks.</summary>
public static class GemmCases
{
    private static readonly int[] Sizes = [1, 3, 7, 17, 33, 65, 129];
    private static readonly int[] Depths = [1, 3, 7, 17, 33, 65, 129, 300];

    public static Arbitrary<GemmCase> Cases() => Arb.From(
        from m in Gen.Elements(Sizes)
        from n in Gen.Elements(Sizes)
        from k in Gen.Elements(Depths)
        from transA in Gen.Elements(false, true)
        from transB in Gen.Elements(false, true)
        from accumulate in Gen.Elements(false, true)
        from seed in Gen.Choose(0, int.MaxValue)
        select new GemmCase(m, n, k, transA, transB, accumulate, seed));
}
