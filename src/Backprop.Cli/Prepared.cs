using System.Numerics;
using Backprop.Functional.Data;

namespace Backprop.Cli;

/// <summary>
/// Loaded data, ready to train on: a classification set or a regression set (exactly one is set), with what was
/// done to a CSV file's columns and rows (<see cref="Notes"/>, printed before training; empty for bundled sets).
/// </summary>
public sealed record Prepared<T>(IReadOnlyList<string> Notes, PreparedData<T>? Classes, PreparedRegression<T>? Regression)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>CSV files: the columns the features come from, and the training split's feature statistics (for `predict`).</summary>
    public IReadOnlyList<TableColumn>? Columns { get; init; }

    public Standardiser<T>? FeatureStats { get; init; }

    /// <summary>CSV files: the target column's name.</summary>
    public string? Target { get; init; }

    public int[] ExampleShape => Classes?.ExampleShape ?? Regression!.ExampleShape;

    /// <summary>The model's outputs: the number of classes, or 1.</summary>
    public int Outputs => Classes?.Classes ?? 1;
}
