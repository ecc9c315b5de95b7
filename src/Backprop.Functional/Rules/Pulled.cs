namespace Backprop.Functional.Rules;

/// <summary>
/// A primitive's output with its pullback: the linear map from a cotangent of the output
/// (∂L/∂y) to the cotangent of the input (∂L/∂x). The chain rule is the composition of pullbacks.
/// </summary>
public readonly record struct Pulled<TOut, TGrad>(TOut Value, Func<TOut, TGrad> Pullback);
