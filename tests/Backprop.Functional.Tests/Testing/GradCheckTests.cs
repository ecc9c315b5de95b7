using System.Runtime.InteropServices;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// The checker's own behaviour: kinks skipped, linearity and purity caught, failures that read well and shrink; and its entry
/// points for rules, programs and layers in double and float: input names, the training flag, forward mode, errors, replays.
/// </summary>
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

    private static readonly Key Caller = new(0xABCUL);
    private static Tensor<double> X(int seed, params int[] dims) => Arbitraries.WellConditioned(Key.Create(seed), new Shape(dims));

    private static Pulled<Tensor<double>, Tensor<double>> PullbackOnly(Tensor<double> x) => new(Rule.Tanh(x).Value, Rule.Tanh(x).Pullback);

    [Fact]
    public void A_two_input_rule_runs_forward_mode_only_when_both_pushforwards_are_given()
    {
        var both = GradCheck.Rule("multiply", Rule.Multiply, X(1, 2, 3), X(2, 2, 3), Caller);
        Assert.True(both.Passed, both.ToString());
        Assert.Equal("x [2, 3], y [2, 3]", both.Inputs);
        Assert.Contains(both.Checks, c => c.Check == "adjoint");
        var half = GradCheck.Rule("multiply, one pushforward", (a, b) => Rule.Multiply(a, b) with { PushforwardY = null }, X(1, 2, 3), X(2, 2, 3), Caller);
        Assert.True(half.Passed, half.ToString());
        Assert.DoesNotContain(half.Checks, c => c.Check == "adjoint");
    }

    [Fact]
    public void A_wrong_second_pullback_of_a_two_input_rule_is_caught()
    {
        var report = GradCheck.Rule("multiply", (a, b) => Rule.Multiply(a, b) with { PullbackY = dz => dz * b }, X(1, 2, 2), X(2, 2, 2), Caller);
        Assert.False(report.Passed);
        Assert.Equal("y", report.Worst!.Input);
    }

    /// <summary>A layer whose pullback is wrong in evaluation only: the checker runs what the options say.</summary>
    [Fact]
    public void Programs_run_in_training_mode_unless_the_options_say_otherwise()
    {
        Layer<double> layer = x =>
            from training in Diff.IsTraining<double>()
            from y in Diff.Lift(training ? Rule.Tanh : v => Rule.Tanh(v) with { Pullback = dy => 2.0 * Rule.Tanh(v).Pullback(dy) }, x)
            select y;
        Assert.True(GradCheck.Layer("train-only", layer, X(1, 2, 3), Caller).Passed);
        Assert.False(GradCheck.Layer("train-only", layer, X(1, 2, 3), Caller, new GradCheckOptions(Training: false)).Passed);
    }

    [Fact]
    public void A_program_with_a_pullback_only_rule_says_why_forward_mode_did_not_run()
    {
        var report = GradCheck.Layer("dense then tanh", Dense.Create<double>(2).Then(x => Diff.Lift(PullbackOnly, x)), X(1, 3, 2), Caller);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal("input [3, 2], dense_1/b [2], dense_1/w [2, 2]", report.Inputs);
        Assert.StartsWith("not available (", report.Checks.Single(c => c.Check == "pushforward").Detail);
        var float32 = GradCheck.Layer("dense then tanh", Dense.Create<float>(2).Then(x => Diff.Lift(v => new Pulled<Tensor<float>, Tensor<float>>(Rule.Tanh(v).Value, Rule.Tanh(v).Pullback), x)),
            X(1, 3, 2).Cast<float>(), Caller);
        Assert.StartsWith("not available (", float32.Checks.Single(c => c.Check == "pushforward").Detail);
    }

    [Fact]
    public void A_layer_that_cannot_initialise_is_a_failed_report_with_its_input_and_replay()
    {
        var report = GradCheck.Layer("conv on a matrix", Conv2d.Create<double>(2, 3), X(1, 2, 3), Caller);
        Assert.False(report.Passed);
        Assert.NotNull(report.Error);
        Assert.Equal("input [2, 3]", report.Inputs);
        Assert.Equal("key: new Key(0x0000000000000ABCUL)", report.Replay);
        var float32 = GradCheck.Layer("conv on a matrix", Conv2d.Create<float>(2, 3), X(1, 2, 3).Cast<float>(), Caller);
        Assert.Equal((report.Error, "input [2, 3]", report.Replay), (float32.Error, float32.Inputs, float32.Replay));
    }

    [Fact]
    public void A_rule_of_many_inputs_names_them_and_rejects_a_name_list_of_the_wrong_length()
    {
        static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> Sum3(IReadOnlyList<Tensor<double>> xs) =>
            new(xs[0] + xs[1] + xs[2], dy => [dy, dy, dy]) { Pushforward = d => d[0] + d[1] + d[2] };
        IReadOnlyList<Tensor<double>> inputs = [X(1, 2), X(2, 2), X(3, 2)];
        var report = GradCheck.Rule("sum of three", Sum3, inputs, Caller);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal("x0 [2], x1 [2], x2 [2]", report.Inputs);
        Assert.Contains(report.Checks, c => c.Check == "adjoint");
        Assert.Equal("a [2], b [2], c [2]", GradCheck.Rule("sum of three", Sum3, inputs, Caller, names: ["a", "b", "c"]).Inputs);
        var error = Assert.Throws<ArgumentException>(() => GradCheck.Rule("sum of three", Sum3, inputs, Caller, names: ["a"]));
        Assert.StartsWith("1 names for 3 inputs", error.Message);
        Assert.Equal("names", error.ParamName);
        var floats = inputs.Select(x => x.Cast<float>()).ToArray();
        Assert.Throws<ArgumentException>(() => GradCheck.Rule("sum of three", (IReadOnlyList<Tensor<float>> xs) =>
            new Pulled<Tensor<float>, IReadOnlyList<Tensor<float>>>(xs[0], dy => [dy, dy, dy]), floats, Caller, names: ["a"]));
    }

    [Fact]
    public void A_pullback_with_too_few_cotangents_is_reported_in_double_and_float()
    {
        IReadOnlyList<Tensor<double>> inputs = [X(1, 2), X(2, 2)];
        var report = GradCheck.Rule("short", xs => new Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>>(xs[0] + xs[1], dy => [dy]), inputs, Caller);
        Assert.Equal("ShapeException: the rule has 2 inputs but its pullback returned 1 cotangents", report.Error);
        var float32 = GradCheck.Rule("short", xs => new Pulled<Tensor<float>, IReadOnlyList<Tensor<float>>>(xs[0] + xs[1], dy => [dy]),
            [.. inputs.Select(x => x.Cast<float>())], Caller);
        Assert.Equal(report.Error, float32.Error);
        Assert.Equal("x0 [2], x1 [2]", float32.Inputs);
    }

    /// <summary>A pullback off by a relative 1e-4 is within float's tolerance (1.9e-3) and outside double's (1e-6).</summary>
    [Fact]
    public void Float_rules_are_checked_at_float_tolerances()
    {
        var x = X(3, 3, 3);
        var off = GradCheck.Rule("tanh, off by 1e-4", (Tensor<float> v) => Rule.Tanh(v) with { Pullback = dy => 1.0001f * Rule.Tanh(v).Pullback(dy) }, x.Cast<float>(), Caller);
        Assert.True(off.Passed, off.ToString());
        Assert.Equal("x [3, 3]", off.Inputs);
        Assert.False(GradCheck.Rule("tanh, off by 1e-4", v => Rule.Tanh(v) with { Pullback = dy => 1.0001 * Rule.Tanh(v).Pullback(dy) }, x, Caller).Passed);
        Assert.False(GradCheck.Rule("tanh, off by 1e-2", (Tensor<float> v) => Rule.Tanh(v) with { Pullback = dy => 1.01f * Rule.Tanh(v).Pullback(dy) }, x.Cast<float>(), Caller).Passed);
    }

    [Fact]
    public void A_float_rule_with_a_pushforward_runs_forward_mode_and_one_without_does_not()
    {
        var x = X(3, 3, 3).Cast<float>();
        Assert.Contains(GradCheck.Rule("tanh", (Tensor<float> v) => Rule.Tanh(v), x, Caller).Checks, c => c.Check == "adjoint" && c.Passed);
        Assert.DoesNotContain(GradCheck.Rule("tanh", (Tensor<float> v) => Rule.Tanh(v) with { Pushforward = null }, x, Caller).Checks, c => c.Check == "adjoint");
    }

    [Fact]
    public void A_failing_rule_property_names_a_case_that_replays_to_the_same_failure()
    {
        Func<Tensor<double>, Pulled<Tensor<double>, Tensor<double>>> wrong = v => Rule.Sigmoid(v) with { Pullback = dy => 1.5 * Rule.Sigmoid(v).Pullback(dy) };
        var error = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true), GradCheck.Rule("sigmoid", wrong, new Shape(3, 2))));
        var match = System.Text.RegularExpressions.Regex.Match(error.Message, @"case key new Key\(0x([0-9A-F]{16})UL\), input shape \[(\d+), (\d+)\] \(input from key\.Split\(\)\.Left, check with key\.Split\(\)\.Right\)");
        Assert.True(match.Success, error.Message);
        var (xKey, checkKey) = new Key(Convert.ToUInt64(match.Groups[1].Value, 16)).Split();
        var shape = new Shape(int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
        var replayed = GradCheck.Rule("sigmoid", wrong, Arbitraries.WellConditioned(xKey, shape), checkKey);
        Assert.False(replayed.Passed);
        Assert.Contains(replayed.Checks.First(c => !c.Passed).ToString(), error.Message);
    }

    [Fact]
    public void A_failing_many_input_property_names_its_shapes_and_replays()
    {
        static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> Wrong(IReadOnlyList<Tensor<double>> xs) => new(xs[0] * xs[1], dy => [dy * xs[1], dy]);
        var error = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true),
            GradCheck.Rule("product", Wrong, [new Shape(2, 3), new Shape(2, 3)], names: ["a", "b"])));
        var match = System.Text.RegularExpressions.Regex.Match(error.Message, @"case key new Key\(0x([0-9A-F]{16})UL\), input shapes \[2, 3\], \[2, 3\] \(input i from key\.Split\(\)\.Left\.FoldIn\(i\), check with key\.Split\(\)\.Right\)");
        Assert.True(match.Success, error.Message);
        Assert.Contains("at a [2, 3], b [2, 3]", error.Message);
        var (xKey, checkKey) = new Key(Convert.ToUInt64(match.Groups[1].Value, 16)).Split();
        var replayed = GradCheck.Rule("product", Wrong, [Arbitraries.WellConditioned(xKey.FoldIn(0), new Shape(2, 3)), Arbitraries.WellConditioned(xKey.FoldIn(1), new Shape(2, 3))], checkKey, names: ["a", "b"]);
        Assert.False(replayed.Passed);
        Assert.Contains(replayed.Checks.First(c => !c.Passed).ToString(), error.Message);
        Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(10),
            GradCheck.Rule("product", xs => new Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>>(xs[0] * xs[1], dy => [dy * xs[1], dy * xs[0]]), [new Shape(2, 3), new Shape(2, 3)]));
    }

    [Fact]
    public void A_failing_layer_property_over_given_shapes_replays()
    {
        Layer<double> wrong = x => Diff.Lift(v => Rule.Tanh(v) with { Pullback = dy => -Rule.Tanh(v).Pullback(dy) }, x);
        var error = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true), GradCheck.Layer("negated", wrong, Arbitraries.Shape(2, 3))));
        var match = System.Text.RegularExpressions.Regex.Match(error.Message, @"case key new Key\(0x([0-9A-F]{16})UL\), input shape \[1, 1\] \(input from key\.Split\(\)\.Left");
        Assert.True(match.Success, error.Message);
        var (xKey, checkKey) = new Key(Convert.ToUInt64(match.Groups[1].Value, 16)).Split();
        Assert.False(GradCheck.Layer("negated", wrong, Arbitraries.WellConditioned(xKey, new Shape(1, 1)), checkKey).Passed);
    }

    /// <summary>The replay of a program or layer check is the key the caller passed, whatever keys the checker split from it.</summary>
    [Fact]
    public void A_layer_or_program_failure_replays_from_the_key_the_caller_passed()
    {
        Layer<double> wrong = x => Diff.Lift(v => Rule.Tanh(v) with { Pullback = dy => 1.5 * Rule.Tanh(v).Pullback(dy) }, x);
        var x = X(4, 3, 2);
        var layer = GradCheck.Layer("scaled", wrong, x, Caller);
        Assert.Equal("key: new Key(0x0000000000000ABCUL)", layer.Replay);
        Assert.Equal(layer.ToString(), GradCheck.Layer("scaled", wrong, x, new Key(0xABCUL)).ToString());
        var program = GradCheck.Function("scaled", v => wrong(v), x, Params<double>.Empty, Caller);
        Assert.Equal("key: new Key(0x0000000000000ABCUL)", program.Replay);
        Layer<float> wrong32 = v32 => Diff.Lift(v => Rule.Tanh(v) with { Pullback = dy => 1.5f * Rule.Tanh(v).Pullback(dy) }, v32);
        Assert.Equal("key: new Key(0x0000000000000ABCUL)", GradCheck.Layer("scaled", wrong32, x.Cast<float>(), Caller).Replay);
        Assert.Equal("key: new Key(0x0000000000000ABCUL)", GradCheck.Function("scaled", v => wrong32(v), x.Cast<float>(), Params<float>.Empty, Caller).Replay);
        Assert.False(layer.Passed);
    }

    [Fact]
    public void The_gradient_property_mark_keeps_the_rule_or_layer_name()
    {
        var rule = new ChecksGradientOfAttribute(nameof(Rule.Relu));
        Assert.Equal(("Relu", false), (rule.Name, rule.IsLayer));
        var layer = new ChecksGradientOfAttribute(typeof(Dense));
        Assert.Equal(("Dense", true), (layer.Name, layer.IsLayer));
    }

    [Fact]
    public void Options_reach_the_checks_from_every_entry_point()
    {
        var o = new GradCheckOptions(Projections: 7);
        var x = X(4, 3, 2);
        var x32 = x.Cast<float>();
        Layer<double> tanh = v => Diff.Lift(u => Rule.Tanh(u), v);
        Layer<float> tanh32 = v => Diff.Lift(u => Rule.Tanh(u), v);
        GradCheckReport[] reports =
        [
            GradCheck.Rule("tanh", Rule.Tanh, x, Caller, o),
            GradCheck.Rule("sum", (IReadOnlyList<Tensor<double>> xs) => new Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>>(xs[0] + xs[1], dy => [dy, dy]), [x, x], Caller, o),
            GradCheck.Function("tanh", v => tanh(v), x, Params<double>.Empty, Caller, o),
            GradCheck.Layer("tanh", tanh, x, Caller, o),
            GradCheck.Rule("tanh", (Tensor<float> v) => Rule.Tanh(v), x32, Caller, o),
            GradCheck.Rule("sum", (IReadOnlyList<Tensor<float>> xs) => new Pulled<Tensor<float>, IReadOnlyList<Tensor<float>>>(xs[0] + xs[1], dy => [dy, dy]), [x32, x32], Caller, o),
            GradCheck.Function("tanh", v => tanh32(v), x32, Params<float>.Empty, Caller, o),
            GradCheck.Layer("tanh", tanh32, x32, Caller, o),
        ];
        Assert.All(reports, r => Assert.Equal(7, r.Checks.Single(c => c.Check == "directional").Checked));
    }
}
