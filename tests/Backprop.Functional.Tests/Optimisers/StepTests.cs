using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>The fused Step (Transform.UpdateAndApply) against Update then params + updates: the same bits, the same state.</summary>
public class StepTests
{
    private static bool SameAsTwoSteps(Transform<double> opt, Params<double> p, int steps)
    {
        var (fused, fusedState) = (p, opt.Init(p));
        var (plain, plainState) = (p, opt.Init(p));
        for (var i = 0; i < steps; i++)
        {
            var g = fused.Map(t => t * 0.5 - 0.25 * t * t);             // any gradient that depends on the parameters
            (fused, fusedState) = opt.Step(fused, g, fusedState);
            var (u, next) = opt.Update(g, plainState, plain, ExtraArgs<double>.None);
            (plain, plainState) = ((plain + u), next);
        }
        return Trees.Same(fused, plain) && Trees.Same(fusedState.ToParams(), plainState.ToParams());
    }

    [Property]
    public Property Fused_steps_equal_update_then_apply() =>
        Prop.ForAll(Trees.Arb(), p =>
            SameAsTwoSteps(Optimiser.Sgd(0.1), p, 3)
            && SameAsTwoSteps(Optimiser.Sgd(Schedules.Cosine(0.1, 10)), p, 3)
            && SameAsTwoSteps(Optimiser.Momentum(0.1, 0.9), p, 3)
            && SameAsTwoSteps(Optimiser.Adam(0.01), p, 3)
            && SameAsTwoSteps(Optimiser.AdamW(0.01, 0.1), p, 3)
            && SameAsTwoSteps(Transforms.ClipByGlobalNorm(1.0).Then(Optimiser.RmsProp(0.01)), p, 3));

    [Fact]
    public void Chains_ending_in_a_scale_are_fused_and_others_are_not()
    {
        Assert.NotNull(Optimiser.Sgd(0.1).UpdateAndApply);
        Assert.NotNull(Optimiser.Adam(0.01).UpdateAndApply);
        Assert.NotNull(Optimiser.Adam(Schedules.Cosine(0.01, 100)).UpdateAndApply);
        Assert.Null(Optimiser.Sgd(0.1).Freezing("dense_1").UpdateAndApply);        // ends in a freeze
        Assert.Null(Optimiser.Sgd(0.1).Masked("dense_1").UpdateAndApply);          // masking rewrites the tree
    }
}
