namespace Backprop.Functional.Testing;

/// <summary>
/// Settings of the gradient checker. The finite-difference step is relative to each element's
/// magnitude; central differences at h, h/2 and h/4 are combined by Richardson extrapolation, so the
/// truncation error is O(h⁶) and the tolerance can stay tight:
/// |got − expected| ≤ AbsoluteTolerance + RelativeTolerance·max(|got|, |expected|) (plus the measured round-off).
/// Step and tolerances left null are derived from the machine epsilon ε of the rule's type: in double
/// (ε = 2⁻⁵²) h = 1e-4, relative 1e-6, absolute 1e-8, linearity 1e-9; for another type each is scaled by
/// (ε/ε_double)^p, with p = ¼ for h (the step that balances round-off ε/h against truncation), ⅜ for the
/// relative, ½ for the absolute and the linearity tolerance. In float that is h ≈ 0.015, relative ≈ 1.9e-3,
/// absolute ≈ 2.3e-4, linearity ≈ 2.3e-5 (about 200 ε).
/// </summary>
/// <param name="Step">Relative finite-difference step h (null: from the type's ε).</param>
/// <param name="RelativeTolerance">Relative tolerance of the element-wise and directional comparisons (null: from ε).</param>
/// <param name="AbsoluteTolerance">Absolute tolerance of the element-wise and directional comparisons (null: from ε).</param>
/// <param name="Mode">Full (element-wise too), Fast (random projections only, element-wise on failure) or Auto (by size).</param>
/// <param name="MaxElementwise">In Auto mode, the largest total number of input and parameter elements checked one by one.</param>
/// <param name="Projections">Random directions tried by the directional (adjoint) test.</param>
/// <param name="KinkRetries">How many fresh directions to try when a direction runs into a kink.</param>
/// <param name="Training">Run programs in training mode (dropout and batch norm behave as in training).</param>
/// <param name="LinearityTolerance">Largest relative error of the linearity check (null: from ε).</param>
public sealed record GradCheckOptions(
    double? Step = null, double? RelativeTolerance = null, double? AbsoluteTolerance = null,
    GradCheckMode Mode = GradCheckMode.Auto, int MaxElementwise = 256, int Projections = 3, int KinkRetries = 5,
    bool Training = true, double? LinearityTolerance = null)
{
    public static GradCheckOptions Default { get; } = new();

    /// <summary>Random projections only (element-wise as a fallback on failure), for big layers.</summary>
    public static GradCheckOptions Fast { get; } = new(Mode: GradCheckMode.Fast);

    /// <summary>Every check, element by element too, whatever the size.</summary>
    public static GradCheckOptions Full { get; } = new(Mode: GradCheckMode.Full);
}
