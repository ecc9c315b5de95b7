using System.Globalization;

namespace Backprop.Functional.Testing;

/// <summary>
/// The outcome of one check (element-wise, directional, taylor, linearity, purity): its verdict, the
/// worst relative error seen, the measured convergence rate (Taylor only), how many elements or
/// directions were compared and how many were skipped because they sat on a kink.
/// </summary>
public sealed record CheckResult(string Check, bool Passed, double WorstRelativeError, double? Rate, int Checked, int Skipped, string Detail)
{
    public string Verdict => Passed ? "ok" : "FAILED";

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Check}: {Verdict}: {Detail}") +
        (Skipped > 0 ? $" ({Skipped} skipped near kinks)" : "");
}
