namespace Backprop.Functional.Rules;

/// <summary>
/// A primitive's output with its pullback: the linear map from a cotangent of the output
/// (∂L/∂y) to the cotangent of the input (∂L/∂x). The chain rule is the composition of pullbacks.
/// <see cref="Pushforward"/>, when the rule gives one, is the other half of the same derivative: the linear map
/// from an input tangent dx to the output tangent dy = J·dx, composed forwards (forward mode). A rule that gives a
/// pullback only still runs in reverse mode.
/// </summary>
public readonly record struct Pulled<TOut, TGrad>(TOut Value, Func<TOut, TGrad> Pullback)
{
    /// <summary>dx ↦ J·dx, the adjoint of <see cref="Pullback"/>; none for a rule that gives a pullback only.</summary>
    public Func<TGrad, TOut>? Pushforward { get; init; }
}
