using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Layer normalisation: y = γ·(x − μ)/√(σ² + ε) + β with μ and σ² taken over the last axis of each example
/// (no batch statistics, so training and evaluation agree).
/// Inputs: x [..., features].
/// Returns: y of x's shape.
/// Parameters: "gamma" [features] (ones), "beta" [features] (zeros).
/// State: none.
/// </summary>
public static class LayerNorm
{
    public static Layer<T> Create<T>(double epsilon = 1e-5, string name = "layer_norm") where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var eps = epsilon > 0 ? T.CreateChecked(epsilon)
            : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{name}: epsilon must be positive");
        return x => Diff.Scope(name,
            from _ in x.Shape.Rank >= 1 ? Diff.Pure<T, Var<T>>(x)
                : Diff.Step<T, Var<T>>(_ => throw new ShapeException("layer norm needs input [..., features], got a scalar"))
            from gamma in Diff.Param("gamma", new Shape(x.Shape[-1]), Initialisers.Ones<T>())
            from beta in Diff.Param("beta", new Shape(x.Shape[-1]), Initialisers.Zeros<T>())
            from xhat in Ops.LayerStandardise(x, eps)
            from scaled in Ops.ChannelScale(xhat, gamma, axis: -1)
            from y in Ops.ChannelBias(scaled, beta, axis: -1)
            select y);
    }
}
