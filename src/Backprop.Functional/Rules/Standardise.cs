using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Batch standardisation: x̂ = (x − μ_c)/√(σ²_c + ε), with μ_c and σ²_c (biased) taken per channel (axis 1)
    /// over the batch and any spatial axes: over [b] for [b, f], over [b, h, w] for NCHW. With N elements
    /// per channel, ∂L/∂x = (dy − mean_c(dy) − x̂·mean_c(dy·x̂)) / √(σ²_c + ε): every element moved the
    /// statistics, so every element's gradient has two extra terms. The Jacobian is symmetric (per channel,
    /// (I − 11ᵀ/N − x̂x̂ᵀ/N)/√(σ²_c + ε)), so the pushforward is the same map.
    /// </summary>
    public static Standardised<T> BatchStandardise<T>(Tensor<T> x, T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x.Rank >= 2 ? Standardise(x, LayoutAround(x.Shape, 1), epsilon)
        : throw new ShapeException($"batch norm needs x [batch, features, ...], got {x.Shape}");

    /// <summary>
    /// Layer standardisation: x̂ = (x − μ)/√(σ² + ε) with μ and σ² taken over the last axis of each row
    /// (each example on its own, so it behaves the same in training and evaluation). Same pullback, per row.
    /// </summary>
    public static Pulled<Tensor<T>, Tensor<T>> LayerStandardise<T>(Tensor<T> x, T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x.Rank >= 1 ? Standardise(x, new ChannelLayout(1, x.Size / Math.Max(1, x.Shape[-1]), x.Shape[-1]), epsilon).Pulled
        : throw new ShapeException($"layer norm needs at least one axis, got a scalar");

    private static Standardised<T> Standardise<T>(Tensor<T> x, ChannelLayout l, T epsilon)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var stats = new Shape(l.Channels);
        T[] mean = new T[l.Channels], variance = new T[l.Channels], inverseStd = new T[l.Channels];
        var xhat = Tensor<T>.Build(x.Shape, d => Normalisation.Standardise(x.Span, d, mean, variance, inverseStd, epsilon, l));
        Tensor<T> StandardisePullback(Tensor<T> dy) =>
            Tensor<T>.Build(x.Shape, d => Normalisation.StandardiseBackward<T>(xhat.Span, dy.Span, inverseStd, d, l));
        return new(new(xhat, StandardisePullback) { Pushforward = StandardisePullback }, Tensor<T>.Own(stats, mean), Tensor<T>.Own(stats, variance));
    }
}
