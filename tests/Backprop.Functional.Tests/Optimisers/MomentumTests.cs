using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Optimisers;

public class MomentumTests
{
    /// <summary>Five steps on the gradient sequence k·g (k = 1..5) with a fixed gradient shape.</summary>
    private static Params<double> Run(Transform<double> opt, Params<double> start, Params<double> g)
    {
        var (p, s) = (start, opt.Init(start));
        for (var k = 1; k <= 5; k++) (p, s) = opt.Step(p, (double)k * g + p, s);
        return p;
    }

    private static bool Identical(Params<double> x, Params<double> y) => x.All(e => e.Value.ToArray().SequenceEqual(y[e.Key].ToArray()));

    [Property]
    public Property Momentum_zero_is_sgd_bit_for_bit() =>
        Prop.ForAll(Trees.Arb(), p =>
            Identical(Run(Optimiser.Momentum(0.1, 0.0), p, p.Map(t => t * 0.5)), Run(Optimiser.Sgd(0.1), p, p.Map(t => t * 0.5))));

    [Property]
    public Property Nesterov_zero_is_sgd_bit_for_bit() =>
        Prop.ForAll(Trees.Arb(), p =>
            Identical(Run(Optimiser.Nesterov(0.1, 0.0), p, p.Map(t => t * 0.5)), Run(Optimiser.Sgd(0.1), p, p.Map(t => t * 0.5))));

    [Property]
    public Property Momentum_accumulates_a_constant_gradient() =>
        // With a constant gradient g, the velocity after n steps is g·(1 − βⁿ)/(1 − β).
        Prop.ForAll(Trees.Arb(), g =>
        {
            var opt = Transforms.Trace(0.5);
            var s = opt.Init(g);
            Params<double> u = g;
            for (var i = 0; i < 3; i++) (u, s) = opt.Update(g, s, g, ExtraArgs<double>.None);
            return (u - 1.75 * g).Norm() <= 1e-12 * Math.Max(1, g.Norm());
        });
}
