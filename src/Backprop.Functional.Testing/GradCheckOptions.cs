namespace Backprop.Functional.Testing;

/// <summary>
/// Settings of the gradient checker. The finite-difference step is relative to each element's
/// magnitude; central differences at h, h/2 and h/4 are combined by Richardson extrapolation, so the
/// truncation error is O(h⁶) and the tolerance can stay tight:
/// |got − expected| ≤ AbsoluteTolerance + RelativeTolerance·max(|got|, |expected|) (plus the measured round-off).
/// </summary>
/// <param name="Step">Relative finite-difference step h.</param>
/// <param name="RelativeTolerance">Relative tolerance of the element-wise and directional comparisons.</param>
/// <param name="AbsoluteTolerance">Absolute tolerance of the element-wise and directional comparisons.</param>
/// <param name="Mode">Full (element-wise too), Fast (random projections only, element-wise on failure) or Auto (by size).</param>
/// <param name="MaxElementwise">In Auto mode, the largest total number of input and parameter elements checked one by one.</param>
/// <param name="Projections">Random directions tried by the directional (adjoint) test.</param>
/// <param name="KinkRetries">How many fresh directions to try when a direction runs into a kink.</param>
/// <param name="Training">Run programs in training mode (dropout and batch norm behave as in training).</param>
public sealed record GradCheckOptions(
    double Step = 1e-4, double RelativeTolerance = 1e-6, double AbsoluteTolerance = 1e-8,
    GradCheckMode Mode = GradCheckMode.Auto, int MaxElementwise = 256, int Projections = 3, int KinkRetries = 5,
    bool Training = true)
{
    public static GradCheckOptions Default { get; } = new();

    /// <summary>Random projections only (element-wise as a fallback on failure), for big layers.</summary>
    public static GradCheckOptions Fast { get; } = new(Mode: GradCheckMode.Fast);

    /// <summary>Every check, element by element too, whatever the size.</summary>
    public static GradCheckOptions Full { get; } = new(Mode: GradCheckMode.Full);
}
