using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>
    /// AdaGrad's scaling: ν′ = ν + u², u′ = u / (√ν′ + ε). Each coordinate's step shrinks with the sum of its past
    /// squared gradients. State "adagrad": the tree "nu", filled with <paramref name="initialAccumulator"/>
    /// (default 0.1) at init; ε defaults to 1e-7.
    /// </summary>
    public static Transform<T> ScaleByRss<T>(T? initialAccumulator = null, T? epsilon = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var initial = Hyper.NonNegative("adagrad", nameof(initialAccumulator), initialAccumulator ?? T.CreateChecked(0.1));
        var eps = Hyper.NonNegative("adagrad", nameof(epsilon), epsilon ?? T.CreateChecked(1e-7));
        return new Transform<T>("adagrad", p => OptState<T>.Empty.WithTree("nu", p.Map(t => Tensor<T>.Full(t.Shape, initial))), (u, s, _, _) =>
        {
            var nu = s.Tree("nu").Zip(u, (v, g) => Tensor<T>.Build(v.Shape, d => Moments.SquareAverage(v.Span, g.Span, T.One, T.One, d)));
            return (u.Zip(nu, (g, v) => Tensor<T>.Build(g.Shape, d => Moments.Ratio(g.Span, T.One, v.Span, T.One, eps, d))), s.WithTree("nu", nu));
        }).Library();
    }

    /// <summary>
    /// RMSProp's scaling: ν′ = decay·ν + (1 − decay)·u², u′ = u / (√ν′ + ε). Like AdaGrad with a memory that fades.
    /// State "rmsprop": the tree "nu", zeros at init. Defaults: decay 0.9, ε 1e-8.
    /// </summary>
    public static Transform<T> ScaleByRms<T>(T? decay = null, T? epsilon = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rho = Hyper.Decay("rmsprop", nameof(decay), decay ?? T.CreateChecked(0.9));
        var eps = Hyper.NonNegative("rmsprop", nameof(epsilon), epsilon ?? T.CreateChecked(1e-8));
        return new Transform<T>("rmsprop", p => OptState<T>.Empty.WithTree("nu", p.ZerosLike()), (u, s, _, _) =>
        {
            var nu = s.Tree("nu").Zip(u, (v, g) => Tensor<T>.Build(v.Shape, d => Moments.SquareAverage(v.Span, g.Span, rho, T.One - rho, d)));
            return (u.Zip(nu, (g, v) => Tensor<T>.Build(g.Shape, d => Moments.Ratio(g.Span, T.One, v.Span, T.One, eps, d))), s.WithTree("nu", nu));
        }).Library();
    }

    /// <summary>
    /// Adam's scaling: μ′ = β₁μ + (1 − β₁)u, ν′ = β₂ν + (1 − β₂)u², then with t the new count,
    /// u′ = μ̂ / (√ν̂ + ε) where μ̂ = μ′/(1 − β₁ᵗ) and ν̂ = ν′/(1 − β₂ᵗ) undo the zero start. The first step is
    /// u/(|u| + ε) ≈ sign(u): every coordinate moves by about the learning rate. State "adam": "count", the trees
    /// "mu" and "nu". Defaults: β₁ 0.9, β₂ 0.999, ε 1e-8.
    /// </summary>
    public static Transform<T> ScaleByAdam<T>(T? b1 = null, T? b2 = null, T? epsilon = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var beta1 = Hyper.Decay("adam", nameof(b1), b1 ?? T.CreateChecked(0.9));
        var beta2 = Hyper.Decay("adam", nameof(b2), b2 ?? T.CreateChecked(0.999));
        var eps = Hyper.NonNegative("adam", nameof(epsilon), epsilon ?? T.CreateChecked(1e-8));
        return new Transform<T>("adam", p => OptState<T>.Empty.WithCount("count", 0).WithTree("mu", p.ZerosLike()).WithTree("nu", p.ZerosLike()), (u, s, _, _) =>
        {
            var t = s.Count("count") + 1;
            var mu = s.Tree("mu").Zip(u, (m, g) => Tensor<T>.Build(m.Shape, d => Moments.Average(m.Span, g.Span, beta1, d)));
            var nu = s.Tree("nu").Zip(u, (v, g) => Tensor<T>.Build(v.Shape, d => Moments.SquareAverage(v.Span, g.Span, beta2, T.One - beta2, d)));
            T muScale = T.One / (T.One - T.Pow(beta1, T.CreateChecked(t))), nuScale = T.One / (T.One - T.Pow(beta2, T.CreateChecked(t)));
            var updates = mu.Zip(nu, (m, v) => Tensor<T>.Build(m.Shape, d => Moments.Ratio(m.Span, muScale, v.Span, nuScale, eps, d)));
            return (updates, s.WithCount("count", t).WithTree("mu", mu).WithTree("nu", nu));
        }).Library();
    }
}
