using System.Runtime.InteropServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The checker's own behaviour: kinks skipped, linearity and purity caught, failures that read well and shrink.</summary>
public class GradCheckTests
{
    private static readonly Key K = Key.Create(7);

    /// <summary>|x| with the subgradient sign(x) (0 at 0): right everywhere except at its kink.</summary>
    private static Pulled<Tensor<double>, Tensor<double>> Abs(Tensor<double> x) =>
        new(x.Map(Math.Abs), dy => dy * x.Map(v => (double)Math.Sign(v)));

    [Fact]
    public void Inputs_on_a_kink_are_skipped_and_counted_not_failed()
    {
        var x = Tensor.Create<double>(new Shape(2, 3), 0.0, 1.5, -0.7, 0.0, -2.0, 1e-9);
        foreach (var report in new[] { GradCheck.Rule("abs", Abs, x, K), GradCheck.Rule("relu", Rule.Relu, x, K) })
        {
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(3, report.Checks.Single(c => c.Check == "element-wise").Skipped);
            Assert.Equal(3, report.Checked);
        }
    }

    [Fact]
    public void A_wrong_pullback_at_a_kink_free_element_still_fails_next_to_kinks()
    {
        var x = Tensor.Create<double>(new Shape(2, 2), 0.0, 1.5, -0.7, 0.0);
        var report = GradCheck.Rule("abs, wrong", v => new(Abs(v).Value, dy => -Abs(v).Pullback(dy)), x, K);
        Assert.False(report.Passed);
        Assert.Contains("element-wise: FAILED", report.ToString());
    }

    [Fact]
    public void A_nonlinear_pullback_fails_linearity()
    {
        var report = GradCheck.Rule("square, nonlinear pullback", x => new(x * x, dy => 2.0 * dy * dy * x), K.Normal<double>(new Shape(3)), K);
        Assert.False(report.Checks.Single(c => c.Check == "linearity").Passed, report.ToString());
    }

    [Fact]
    public void A_pullback_with_hidden_state_fails_purity()
    {
        var calls = 0;
        var report = GradCheck.Rule("tanh, counting", x => Rule.Tanh(x) with { Pullback = dy => (1.0 + 1e-3 * calls++) * Rule.Tanh(x).Pullback(dy) },
            K.Normal<double>(new Shape(3)), K);
        Assert.False(report.Checks.Single(c => c.Check == "purity").Passed, report.ToString());
    }

    [Fact]
    public void A_rule_that_mutates_its_input_fails_purity()
    {
        static Pulled<Tensor<double>, Tensor<double>> Sneaky(Tensor<double> x)
        {
            var p = Rule.Tanh(x);
            return p with
            {
                Pullback = dy =>
                {
                    MemoryMarshal.GetReference(x.Span) = 42;   // writes through the immutable tensor
                    return p.Pullback(dy);
                },
            };
        }
        var report = GradCheck.Rule("sneaky", Sneaky, K.Normal<double>(new Shape(3)), K);
        Assert.Contains("x was mutated", report.ToString());
        Assert.False(report.Passed);
    }

    [Fact]
    public void A_failure_reads_like_a_compiler_error()
    {
        var x = K.Normal<double>(new Shape(2, 3));
        var y = K.FoldIn(1).Normal<double>(new Shape(2, 3));
        var text = GradCheck.Rule("multiply", (a, b) => Rule.Multiply(a, b) with { PullbackY = dz => dz * b }, x, y, K).ToString();
        Assert.Contains("multiply: gradient check FAILED", text);
        Assert.Contains("at x [2, 3], y [2, 3]", text);
        Assert.Contains("element-wise: FAILED", text);
        Assert.Matches(@"y\[\d, \d\]: finite difference -?\d.*, pullback -?\d.*, relative error", text);
        Assert.Matches(@"taylor rate: 1\.\d\d", text);
        Assert.Contains($"replay: key: new Key(0x{K.Value:X16}UL)", text);
    }

    [Fact]
    public void A_layer_failure_names_the_parameter_path()
    {
        var mutant = Mutants.All.Single(m => m.Name.Contains("inside a layer"));
        var report = mutant.Check([3, 2, 4], K, null);
        Assert.Equal("dense_1/w", report.Worst?.Input);
        Assert.Contains("dense_1/w[", report.ToString());
    }

    [Fact]
    public void A_failing_property_shrinks_to_the_smallest_shape_and_carries_both_replay_seeds()
    {
        var property = GradCheck.Rule("tanh, sign flipped", x => Rule.Tanh(x) with { Pullback = dy => -Rule.Tanh(x).Pullback(dy) }, new Shape(5, 5));
        var error = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true), property));
        Assert.Contains("at x [1, 1]", error.Message);
        Assert.Contains("case key new Key(0x", error.Message);
        Assert.Contains("Replay", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_correct_layer_property_passes()
    {
        Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(20),
            GradCheck.Layer("dense then tanh", Functional.Layers.Dense.Create<double>(3).Then(x => Ops.Tanh(x)), inputShape: new Shape(4, 2)));
    }

    [Fact]
    public void Fast_mode_skips_the_element_wise_check_when_all_is_well()
    {
        var report = GradCheck.Rule("tanh", Rule.Tanh, K.Normal<double>(new Shape(40, 40)), K);
        Assert.True(report.Passed, report.ToString());
        Assert.DoesNotContain(report.Checks, c => c.Check == "element-wise");
        Assert.Equal(2.0, report.Rate!.Value, 1);
    }

    [Fact]
    public void Arbitrary_shapes_shrink_towards_ones()
    {
        var shrinks = Arbitraries.Shape(2).Shrinker(new Shape(4, 3)).ToArray();
        Assert.Contains(new Shape(1, 3), shrinks);
        Assert.Contains(new Shape(4, 1), shrinks);
        Assert.All(shrinks, s => Assert.True(s.Size < 12));
    }

    /// <summary>A layer with state: y = tanh(x − m) + g, m a state tensor read (and updated) like batch-norm statistics.</summary>
    private static Layer<double> Centred() => x => Diff.Scope("centred",
        from m in Diff.ReadState("mean", new Shape(x.Shape[-1]), s => Tensor<double>.Full(s, 0.25))
        from _ in Diff.WriteState("mean", 2.0 * m)
        from g in Diff.Param("g", new Shape(x.Shape[-1]), (k, s) => k.Normal<double>(s))
        from c in Ops.AddBias(x, -m)
        from y in Ops.Tanh(c)
        from z in Ops.AddBias(y, g)
        select z);

    [Fact]
    public void A_layer_with_state_is_checked_with_its_state_for_input_and_parameter_gradients()
    {
        var report = GradCheck.Layer("centred", Centred(), K.Normal<double>(new Shape(3, 2)), K);
        Assert.True(report.Passed, report.ToString());
        Assert.Contains("centred_1/g [2]", report.Inputs);
        Assert.Equal(6 + 2, report.Checked);
    }
}
