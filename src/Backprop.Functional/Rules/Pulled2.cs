namespace Backprop.Functional.Rules;

/// <summary>
/// A two-input primitive's output with one pullback per input, so a caller that needs only
/// ∂L/∂x never pays for ∂L/∂y (the input of a first layer needs no gradient, say).
/// </summary>
public readonly record struct Pulled2<TOut, TGradX, TGradY>(
    TOut Value, Func<TOut, TGradX> PullbackX, Func<TOut, TGradY> PullbackY);
