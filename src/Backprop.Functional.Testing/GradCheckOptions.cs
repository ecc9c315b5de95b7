namespace Backprop.Functional.Testing;

/// <summary>
/// Finite-difference settings. The step is relative to each element's magnitude; central differences
/// at h and h/2 are combined by Richardson extrapolation, so the truncation error is O(h⁴) and the
/// tolerance can stay tight: |got − expected| ≤ AbsoluteTolerance + RelativeTolerance·max(|got|, |expected|).
/// </summary>
public sealed record GradCheckOptions(double Step = 1e-4, double RelativeTolerance = 1e-6, double AbsoluteTolerance = 1e-8)
{
    public static GradCheckOptions Default { get; } = new();
}
