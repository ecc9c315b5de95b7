using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

public class ChainTests
{
    private static Params<double> Updates(Transform<double> t, Params<double> g) => t.Update(g, t.Init(g), g, ExtraArgs<double>.None).Updates;

    [Property]
    public Property Clip_then_scale_bounds_the_step_by_lr_times_max() =>
        // As documented on Then: clipping first gives a step of norm ≤ 0.1; scaling first lets it reach 1.
        Prop.ForAll(Trees.Arb(), g =>
        {
            var clipFirst = Updates(Transforms.ClipByGlobalNorm(1.0).Then(Transforms.Scale(-0.1)), g).Norm();
            var scaleFirst = Updates(Transforms.Scale(-0.1).Then(Transforms.ClipByGlobalNorm(1.0)), g).Norm();
            return clipFirst <= 0.1 * (1 + 1e-12) && scaleFirst <= 1 + 1e-12
                && (g.Norm() <= 1 ? Math.Abs(clipFirst - scaleFirst) <= 1e-12 * scaleFirst : scaleFirst >= clipFirst);
        });

    [Fact]
    public void Order_matters_for_large_gradients()
    {
        var g = Params<double>.Empty.With("w", Tensor.Vector(30.0, 40.0));   // norm 50
        Assert.Equal(0.1, Updates(Transforms.ClipByGlobalNorm(1.0).Then(Transforms.Scale(-0.1)), g).Norm(), 12);
        Assert.Equal(1.0, Updates(Transforms.Scale(-0.1).Then(Transforms.ClipByGlobalNorm(1.0)), g).Norm(), 12);
    }

    [Fact]
    public void L2_before_adam_is_rescaled_but_decoupled_decay_is_not()
    {
        // A weight with zero gradient: coupled L2 turns λθ into Adam's ≈ sign step (η), decoupled decay gives η·λ·θ.
        var p = Params<double>.Empty.With("w", Tensor.Vector(2.0));
        var g = Params<double>.Empty.With("w", Tensor.Vector(0.0));
        var coupled = Transforms.L2Penalty(0.01).Then(Optimiser.Adam(0.1));
        var decoupled = Optimiser.AdamW(0.1, 0.01);
        Assert.Equal(-0.1, coupled.Update(g, coupled.Init(p), p, ExtraArgs<double>.None).Updates["w"][0], 6);
        Assert.Equal(-0.1 * 0.01 * 2.0, decoupled.Update(g, decoupled.Init(p), p, ExtraArgs<double>.None).Updates["w"][0], 12);
    }

    [Fact]
    public void L1_adds_lambda_times_sign()
    {
        var p = Params<double>.Empty.With("w", Tensor.Vector(-3.0, 0.0, 2.0));
        var u = Transforms.L1Penalty(0.5).Update(p.ZerosLike(), OptState<double>.Empty, p, ExtraArgs<double>.None).Updates;
        Assert.Equal([-0.5, 0.0, 0.5], u["w"].ToArray());
    }

    [Fact]
    public void Sgd_step_is_still_theta_minus_lr_g()
    {
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0, 2.0));
        var g = Params<double>.Empty.With("w", Tensor.Vector(0.5, -1.0));
        Assert.Equal([0.95, 2.1], Optimiser.Sgd(0.1).Step(p, g, OptState<double>.Empty).Params["w"].ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimiser.Sgd(-0.1));
    }
}
