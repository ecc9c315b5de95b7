namespace Backprop.Cli;

/// <summary>
/// How to read a CSV file for training: the target column (header name; null: the last column), the task
/// ("auto", "regression" or "classification"), what to do with rows that have empty cells ("error" or "drop"),
/// and whether integer labels that are not 0..k−1 are renumbered (in increasing order).
/// </summary>
public sealed record TableOptions(string? Target = null, string Task = "auto", string Missing = "error", bool Relabel = false)
{
    public static TableOptions Default { get; } = new();
}
