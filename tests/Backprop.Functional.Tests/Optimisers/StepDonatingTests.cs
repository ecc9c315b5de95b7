using Backprop.Functional.Autodiff;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>Transform.StepDonating: Step's bits, and its inputs gone afterwards (reading them throws, never other numbers).</summary>
public class StepDonatingTests
{
    private static Params<double> Gradient(Params<double> p) => p.Map(t => t * 0.5 - 0.25 * t * t);

    private static bool SameAsStep(Transform<double> opt, Params<double> p, int steps)
    {
        var (kept, keptState) = (p, opt.Init(p));
        var (donated, donatedState) = (p.Copy(), opt.Init(p));
        for (var i = 0; i < steps; i++)
        {
            (kept, keptState) = opt.Step(kept, Gradient(kept), keptState);
            (donated, donatedState) = opt.StepDonating(donated, Gradient(donated), donatedState);
        }
        return Trees.Same(kept, donated) && Trees.Same(keptState.ToParams(), donatedState.ToParams());
    }

    [Property]
    public Property Donating_steps_equal_steps() =>
        Prop.ForAll(Trees.Arb(), p =>
            SameAsStep(Optimiser.Sgd(0.1), p, 4)
            && SameAsStep(Optimiser.Momentum(0.1, 0.9), p, 4)
            && SameAsStep(Optimiser.Adam(0.01), p, 4)
            && SameAsStep(Optimiser.Sgd(0.1).Freezing("b"), p, 4)
            && SameAsStep(Transforms.Stateless<double>((u, _) => -0.1 * u).Then(Optimiser.Sgd(1.0)), p, 4));

    [Fact]
    public void Reading_donated_parameters_throws_with_what_happened_and_how_to_keep_a_copy()
    {
        var x = Tensor<double>.FromSpan(new Shape(3, 2), [0.5, -1, 2, 0.25, -0.5, 1.5]);
        var net = Dense(4).Then(Relu).Then(Dense(1));
        var p = net.Init(Key.Create(1), x).OrThrow();
        var loss = from y in net(x) from l in MeanSquaredError(y, Tensor<double>.Zeros(new Shape(3, 1))) select l;
        var opt = Optimiser.Adam(0.01);
        var state = opt.Init(p);
        var (_, grads) = Diff.ValueAndGrad(loss, p).OrThrow();
        var (next, nextState) = opt.StepDonating(p, grads, state);
        var e = Assert.Throws<InvalidOperationException>(() => Diff.Run(net(x), p).OrThrow());
        Assert.Contains("donated", e.Message);
        Assert.Contains("Params.Copy()", e.Message);
        Assert.Throws<InvalidOperationException>(() => p["dense_1/w"][0, 0]);
        Assert.Throws<InvalidOperationException>(() => p["dense_1/b"].Span[0]);
        Assert.Throws<InvalidOperationException>(() => grads["dense_1/w"].ToArray());
        Assert.Throws<InvalidOperationException>(() => state.ToParams().Values.First(t => t.Size > 1).ToString());
        Assert.All(next.Values.Concat(nextState.ToParams().Values), t => Assert.False(t.Donated));
        Assert.True(Diff.Run(net(x), next).IsSucc);
    }

    [Fact]
    public void A_tensor_the_new_parameters_still_use_is_not_donated()
    {
        // A user transform that leaves "b/w" as it was (zero update added by a non-fused step makes a new tensor, so
        // pass the parameters through instead): the new tree holds the old tensor, which must stay readable.
        var p = Trees.Of(Key.Create(2), 3, 2);
        var keep = new Transform<double>("keep", _ => OptState<double>.Empty, (u, s, _, _) => (u, s))
        {
            UpdateAndApply = (u, s, q, _) => (q.MapWithPath((path, t) => path == "b/w" ? t : t - 0.1 * u[path]), s),
        };
        var before = p["b/w"].ToArray();
        var (next, _) = keep.StepDonating(p, Gradient(p), OptState<double>.Empty);
        Assert.Same(p["b/w"], next["b/w"]);
        Assert.Equal(before, next["b/w"].ToArray());
        Assert.True(p["a/w"].Donated);
    }
}
