using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>
/// Every optimiser minimises the same ill-conditioned convex quadratic f(θ) = ½ Σ aᵢ(θᵢ − cᵢ)², with curvatures
/// a from 0.1 to 10, from a fixed start, in a fixed number of steps. The bar: f falls below 10⁻⁴ of f(θ₀).
/// </summary>
public class ConvergenceTests
{
    private static readonly Tensor<double> Curvature = Tensor.Vector(0.1, 0.5, 1.0, 3.0, 10.0);
    private static readonly Tensor<double> Centre = Tensor.Vector(1.0, -2.0, 0.5, 3.0, -1.0);

    private static double F(Params<double> p) { var d = p["x"] - Centre; return 0.5 * (Curvature * d).Dot(d); }
    private static Params<double> Grad(Params<double> p) => Params<double>.Empty.With("x", Curvature * (p["x"] - Centre));

    private static double Ratio(Transform<double> opt, int steps = 1000)
    {
        var p = Params<double>.Empty.With("x", Tensor.Vector(5.0, 5.0, -5.0, -5.0, 5.0));
        var f0 = F(p);
        var s = opt.Init(p);
        for (var i = 0; i < steps; i++) (p, s) = opt.Step(p, Grad(p), s);
        return F(p) / f0;
    }

    [Fact] public void Sgd() => Assert.InRange(Ratio(Optimiser.Sgd(0.15)), 0, 1e-4);
    [Fact] public void Momentum() => Assert.InRange(Ratio(Optimiser.Momentum(0.05, 0.9)), 0, 1e-4);
    [Fact] public void Nesterov() => Assert.InRange(Ratio(Optimiser.Nesterov(0.05, 0.9)), 0, 1e-4);
    [Fact] public void AdaGrad() => Assert.InRange(Ratio(Optimiser.AdaGrad(1.0)), 0, 1e-4);
    [Fact] public void RmsProp() => Assert.InRange(Ratio(Optimiser.RmsProp(0.01)), 0, 1e-4);
    [Fact] public void Adam() => Assert.InRange(Ratio(Optimiser.Adam(0.1)), 0, 1e-4);
    [Fact] public void AdamW_with_zero_decay() => Assert.InRange(Ratio(Optimiser.AdamW(0.1, 0.0)), 0, 1e-4);
    [Fact] public void Sgd_with_cosine_schedule() => Assert.InRange(Ratio(Optimiser.Sgd(Schedules.Cosine(0.15, 1000))), 0, 1e-4);
    [Fact] public void Clipped_sgd() => Assert.InRange(Ratio(Transforms.ClipByGlobalNorm(1.0).Then(Optimiser.Sgd(0.15))), 0, 1e-4);
}
