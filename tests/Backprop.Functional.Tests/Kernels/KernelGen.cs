using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>Sizes for kernel properties: half at the edges of 256-bit (and 512-bit) vectors, half anywhere up to a few hundred.</summary>
internal static class KernelGen
{
    private static readonly int[] Awkward = [1, 3, 7, 17, 33, 65, 129];

    /// <summary>Span lengths 0..300: vector multiples ± 1 (scalar tails of every width) or uniform.</summary>
    public static Gen<int> Length { get; } = Gen.OneOf(
        Gen.Elements(0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257),
        Gen.Choose(0, 300));

    /// <summary>Row lengths 1..200 for row-wise kernels.</summary>
    public static Gen<int> Cols { get; } = Gen.OneOf(Gen.Elements(Awkward), Gen.Choose(1, 200));

    /// <summary>Row counts 0..5 (0: the kernel must do nothing).</summary>
    public static Gen<int> Rows { get; } = Gen.Choose(0, 5);

    /// <summary>A span length (at least <paramref name="minLength"/>) and a data seed: the case of an element-wise property.</summary>
    public static Arbitrary<(int Length, int Seed)> Spans(int minLength = 0) =>
        (from n in Length from seed in Seed select (Length: Math.Max(n, minLength), Seed: seed)).ToArbitrary();

    /// <summary>A data seed (the values of a case come from <see cref="System.Random"/> with it).</summary>
    public static Gen<int> Seed { get; } = Gen.Choose(0, int.MaxValue);
}
