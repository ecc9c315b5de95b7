using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// A broadcast problem: two operands aligned at the last axis, suffixes of dims of rank 0..4 (sizes 0..4) with any
/// axis set to 1, and the result they broadcast to; values are small multiples of ½ (and
/// zeros), so every operation but the power is exact in float and double.
/// </summary>
public sealed record BroadcastCase(int[] XDims, int[] YDims, int[] DDims, int Seed)
{
    public static Arbitrary<BroadcastCase> Cases() => Arb.From(
        from rank in Gen.Choose(0, 4)
        from dims in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (9, Gen.Choose(1, 4))), rank)
        from x in Operand(dims)
        from y in Operand(dims)
        from seed in Gen.Choose(0, int.MaxValue)
        select new BroadcastCase(x, y, Broadcast(x, y), seed));

    /// <summary>NumPy's broadcast dims of two operands (each axis of either is 1 or the result's size here).</summary>
    private static int[] Broadcast(int[] x, int[] y)
    {
        var rank = Math.Max(x.Length, y.Length);
        int At(int[] dims, int a) => a - (rank - dims.Length) is var i && i >= 0 ? dims[i] : 1;
        return [.. Enumerable.Range(0, rank).Select(a => At(x, a) == 1 ? At(y, a) : At(x, a))];
    }

    /// <summary>The dims of an operand: a suffix of the result's, each axis kept or set to 1.</summary>
    private static Gen<int[]> Operand(int[] dims) =>
        from rank in Gen.Choose(0, dims.Length)
        from keep in Gen.ArrayOf(Gen.Elements(true, false), rank)
        select dims[(dims.Length - rank)..].Select((n, a) => keep[a] ? n : 1).ToArray();

    public static int Count(int[] dims) => dims.Aggregate(1, (p, n) => p * n);

    /// <summary>The flat index in an operand of dims <paramref name="dims"/> of the element that result index <paramref name="index"/> reads.</summary>
    public static int Source(int[] dims, int[] index)
    {
        var (flat, offset) = (0, index.Length - dims.Length);
        for (var a = 0; a < dims.Length; a++) flat = flat * dims[a] + (dims[a] == 1 ? 0 : index[offset + a]);
        return flat;
    }

    /// <summary>The multi-index of flat result index <paramref name="flat"/>.</summary>
    public static int[] Index(int[] dims, int flat)
    {
        var index = new int[dims.Length];
        for (var a = dims.Length - 1; a >= 0; a--) (index[a], flat) = (flat % dims[a], flat / dims[a]);
        return index;
    }

    public static double[] Values(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => rng.Next(-6, 7) / 2.0)];

    public override string ToString() => $"x [{string.Join(",", XDims)}] y [{string.Join(",", YDims)}] d [{string.Join(",", DDims)}] seed {Seed}";
}
