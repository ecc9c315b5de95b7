using System.Numerics;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>What a reduction divides a sum of <paramref name="terms"/> terms by: terms for Mean, 1 for Sum.</summary>
    internal static T ReductionDivisor<T>(Reduction reduction, int terms) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        reduction switch
        {
            Reduction.Mean => T.CreateChecked(Math.Max(1, terms)),
            Reduction.Sum => T.One,
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "unknown reduction"),
        };
}
