using System.Numerics;
using Backprop.Functional.Data;

namespace Backprop.Cli;

/// <summary>
/// A regression data set ready to train on: the keyed 80/20 split with features and target standardised by the
/// training split's statistics (<see cref="TargetStats"/> undoes the target's: value = standardised × std + mean).
/// </summary>
public sealed record PreparedRegression<T>(RegressionSet<T> Train, RegressionSet<T> Test, int[] ExampleShape, Standardiser<T> TargetStats, string Target)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public double TargetMean => double.CreateChecked(TargetStats.Mean.Span[0]);

    public double TargetStd => double.CreateChecked(TargetStats.Std.Span[0]);
}
