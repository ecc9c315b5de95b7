namespace Backprop.Functional.Rules;

/// <summary>
/// A two-input primitive's output with one pullback per input, so a caller that needs only
/// ∂L/∂x never pays for ∂L/∂y (the input of a first layer needs no gradient, say).
/// The pushforwards, when given, take one tangent each: dz = ∂z/∂x·dx + ∂z/∂y·dy is the sum of the two,
/// and an input without a tangent (a constant) costs nothing.
/// </summary>
public readonly record struct Pulled2<TOut, TGradX, TGradY>(
    TOut Value, Func<TOut, TGradX> PullbackX, Func<TOut, TGradY> PullbackY)
{
    /// <summary>dx ↦ ∂z/∂x·dx, the adjoint of <see cref="PullbackX"/>; none for a rule that gives pullbacks only.</summary>
    public Func<TGradX, TOut>? PushforwardX { get; init; }

    /// <summary>dy ↦ ∂z/∂y·dy, the adjoint of <see cref="PullbackY"/>; none for a rule that gives pullbacks only.</summary>
    public Func<TGradY, TOut>? PushforwardY { get; init; }
}
