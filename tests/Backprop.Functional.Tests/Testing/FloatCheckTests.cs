using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using CustomLayers;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>Float layers checked in float: right ones pass over seeds, a wrong one is caught; and the fast check's fallback note.</summary>
public class FloatCheckTests
{
    private static Layer<float> Norm(Func<IReadOnlyList<Tensor<float>>, Pulled<Tensor<float>, IReadOnlyList<Tensor<float>>>> rule) => x => Diff.Scope("norm",
        from g in Diff.Param("gamma", new Shape(x.Shape[-1]), Initialisers.Normal<float>(1))
        from b in Diff.Param("beta", new Shape(x.Shape[-1]), Initialisers.Normal<float>(1))
        from y in Diff.Lift(rule, x, g, b)
        select y);

    private static Tensor<float> Input(int seed, Shape shape) => Arbitraries.WellConditioned(Key.Create(seed), shape).Cast<float>();

    [Fact]
    public void Float_layers_pass_at_float_tolerances_on_20_seeds()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            foreach (var (name, layer) in new[] { ("dense", Dense.Create<float>(3)), ("norm", Norm(RuleAuthorExample.LayerNorm)), ("linear", RuleAuthorExample.Linear<float>(2)) })
            {
                var report = GradCheck.Layer(name, layer, Input(seed, new Shape(4, 5)), Key.Create(1000 + seed));
                Assert.True(report.Passed, report.ToString());
            }
        }
    }

    [Fact]
    public void A_wrong_float_layer_is_caught()
    {
        static Pulled<Tensor<float>, IReadOnlyList<Tensor<float>>> Wrong(IReadOnlyList<Tensor<float>> xs)
        {
            var p = RuleAuthorExample.LayerNorm(xs);
            IReadOnlyList<Tensor<float>> WrongPullback(Tensor<float> dy) => [p.Pullback(dy)[0], p.Pullback(dy)[1], dy.Mean(0)];   // a mean for the sum over the batch
            return p with { Pullback = WrongPullback };
        }
        for (var seed = 0; seed < 5; seed++)
            Assert.False(GradCheck.Layer("norm", Norm(Wrong), Input(seed, new Shape(4, 5)), Key.Create(seed)).Passed, $"seed {seed}");
    }

    /// <summary>A pullback right at the checker's cotangent but not linear: only linearity fails, and the note says the elements agreed.</summary>
    [Fact]
    public void A_fast_check_failing_on_linearity_only_says_every_element_agreed()
    {
        static Pulled<Tensor<double>, Tensor<double>> Curved(Tensor<double> x)
        {
            double? first = null;
            Tensor<double> CurvedPullback(Tensor<double> dy) => dy * (2 * x) * (dy.Norm() / (first ??= dy.Norm()));
            return new(x.Square(), CurvedPullback);
        }
        var report = GradCheck.Rule("curved", Curved, Key.Create(3).Normal<double>(new Shape(8, 8)), Key.Create(4), GradCheckOptions.Fast);
        Assert.False(report.Passed);
        Assert.Equal(["linearity"], report.Checks.Where(c => !c.Passed).Select(c => c.Check));
        Assert.Contains("the element-wise check ran too: 64 elements", report.ToString());
        Assert.Contains("every element agreed", report.ToString());
    }
}
