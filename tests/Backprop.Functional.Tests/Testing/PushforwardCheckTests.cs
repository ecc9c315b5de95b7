using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Backprop.Functional.Tests.Rules;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Backprop.Functional.Tests.Testing.Targets;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// Forward mode in the checker: every built-in rule and layer gives a pushforward that is the exact adjoint of its
/// pullback and agrees with finite differences, over generated sizes and keys; a wrong pushforward is caught; and the
/// checks' counts, texts, shape errors and kinks on hand-built targets.
/// </summary>
public class PushforwardCheckTests
{
    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < BuiltIns.Checks.Count; i++) data.Add(i, BuiltIns.Checks[i].Name + (BuiltIns.Checks[i].IsLayer ? " layer" : ""));
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Every_built_in_pushforward_is_the_adjoint_of_its_pullback_and_matches_finite_differences(int index, string name)
    {
        var check = BuiltIns.Checks[index];
        Assert.StartsWith(check.Name, name);
        Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(10), Prop.ForAll(Arbitraries.Dims(check.DimCount), Arbitraries.Key(), (dims, key) =>
        {
            var report = check.Run(dims, key, null);
            var ran = report.Checks.Any(c => c.Check == "adjoint" && c.Checked > 0) && report.Checks.Any(c => c.Check == "pushforward" && c.Checked > 0);
            return (report.Passed && ran).Label(report.ToString());
        }));
    }

    /// <summary>The public rules the catalogue has no line for (other reductions, the bag of words, batch statistics, the step).</summary>
    public static TheoryData<string> Others() => [.. OtherRules.Keys];

    private static readonly Dictionary<string, Func<int[], Key, GradCheckReport>> OtherRules = new()
    {
        ["MeanAbsoluteError"] = (d, k) => GradCheck.Rule("MeanAbsoluteError", (x, y) => Rule.MeanAbsoluteError(x, y), In(k, 0, d[0], d[1]), In(k, 1, d[0], d[1]), BuiltIns.Check(k)),
        ["MeanSquaredError, sum"] = (d, k) => GradCheck.Rule("MeanSquaredError, sum", (x, y) => Rule.MeanSquaredError(x, y, Reduction.Sum), In(k, 0, d[0], d[1]), In(k, 1, d[0], d[1]), BuiltIns.Check(k)),
        ["Huber, sum"] = (d, k) =>
        {
            // x − y kept off the kink at |x − y| = δ, where finite differences straddle two pieces.
            var x = In(k, 0, d[0], d[1]);
            var y = x - In(k, 1, d[0], d[1]).Map(e => LossGenerators.Away(e, [0.5]));
            return GradCheck.Rule("Huber, sum", (x, y) => Rule.Huber(x, y, 0.5, Reduction.Sum), x, y, BuiltIns.Check(k));
        },
        ["BinaryCrossEntropy, sum"] = (d, k) => GradCheck.Rule("BinaryCrossEntropy, sum", (z, t) => Rule.BinaryCrossEntropy(z, t, Reduction.Sum), In(k, 0, d[0], d[1]),
            Rule.Sigmoid(In(k, 1, d[0], d[1])).Value, BuiltIns.Check(k)),
        ["SoftmaxCrossEntropy, sum"] = (d, k) =>
        {
            var targets = Rule.Softmax(In(k, 1, d[0], d[1])).Value;
            return GradCheck.Rule("SoftmaxCrossEntropy, sum", z => Rule.SoftmaxCrossEntropy(z, targets, Reduction.Sum), In(k, 0, d[0], d[1]), BuiltIns.Check(k));
        },
        ["BagMean"] = (d, k) => GradCheck.Rule("BagMean", t => Rule.BagMean(t, [.. Enumerable.Range(0, 3 * d[0]).Select(i => i % 4 == 3 ? -1 : i * 5 % (d[1] + 1))], 3),
            In(k, 0, d[1] + 1, d[0]), BuiltIns.Check(k)),
        ["BatchStandardise"] = (d, k) => GradCheck.Rule("BatchStandardise", x => Rule.BatchStandardise(x, 1e-5).Pulled, In(k, 0, d[0] + 1, d[1]), BuiltIns.Check(k)),
        ["Heaviside"] = (d, k) => GradCheck.Rule("Heaviside", Rule.Heaviside, In(k, 0, d[0], d[1]), BuiltIns.Check(k)),
        ["Sum"] = (d, k) => GradCheck.Rule("Sum along the last axis", x => Rule.Sum(x, -1), In(k, 0, d[0], d[1]), BuiltIns.Check(k)),
        ["Mean, kept"] = (d, k) => GradCheck.Rule("Mean along the last axis, kept", x => Rule.Mean(x, -1, keepDims: true), In(k, 0, d[0], d[1]), BuiltIns.Check(k)),
    };

    private static Tensor<double> In(Key key, int i, params int[] dims) => BuiltIns.Input(key, i, dims);

    [Theory, MemberData(nameof(Others))]
    public void The_other_public_rules_pass_both_forward_checks(string name) =>
        Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithMaxTest(10), Prop.ForAll(Arbitraries.Dims(2), Arbitraries.Key(), (dims, key) =>
        {
            var report = OtherRules[name](dims, key);
            return (report.Passed && report.Checks.Any(c => c.Check == "adjoint" && c.Checked > 0)).Label(report.ToString());
        }));

    [Fact]
    public void A_wrong_pushforward_is_caught_by_the_adjoint_test_at_round_off()
    {
        // tanh with a pushforward that forgets the square: dx·(1 − y) instead of dx·(1 − y²)
        static Pulled<Tensor<double>, Tensor<double>> WrongTanh(Tensor<double> x)
        {
            var right = Rule.Tanh(x);
            var y = right.Value;
            return right with { Pushforward = dx => dx * (1.0 - y) };
        }
        var x = BuiltIns.Input(Key.Create(3), 0, 3, 4);
        var report = GradCheck.Rule("wrong tanh", WrongTanh, x, Key.Create(4));
        Assert.False(report.Passed);
        Assert.False(report.Checks.Single(c => c.Check == "adjoint").Passed);
        Assert.False(report.Checks.Single(c => c.Check == "pushforward").Passed);
        Assert.True(report.Checks.Single(c => c.Check == "directional").Passed);    // the pullback is still right
    }

    [Fact]
    public void A_pushforward_off_by_a_relative_1e_minus_10_is_caught()
    {
        static Pulled<Tensor<double>, Tensor<double>> Nudged(Tensor<double> x)
        {
            var right = Rule.Sigmoid(x);
            return right with { Pushforward = dx => right.Pushforward!(dx) * (1 + 1e-10) };
        }
        var report = GradCheck.Rule("nudged sigmoid", Nudged, BuiltIns.Input(Key.Create(5), 0, 4, 4), Key.Create(6));
        Assert.False(report.Checks.Single(c => c.Check == "adjoint").Passed);
    }

    [Fact]
    public void A_pullback_only_rule_is_checked_in_reverse_and_the_report_says_forward_could_not_run()
    {
        static Pulled<Tensor<double>, Tensor<double>> PullbackOnly(Tensor<double> x) => new(Rule.Tanh(x).Value, Rule.Tanh(x).Pullback);
        var report = GradCheck.Rule("tanh without pushforward", PullbackOnly, BuiltIns.Input(Key.Create(7), 0, 3, 3), Key.Create(8));
        Assert.True(report.Passed, report.ToString());
        Assert.Contains("could not run", report.Checks.Single(c => c.Check == "pushforward").Detail);
        Assert.DoesNotContain(report.Checks, c => c.Check == "adjoint");
    }

    private static CheckTarget Tanh(Tensor<double> x, double pullbackScale = 1, double pushScale = 1) =>
        new("tanh", [("x", x)], xs => Rule.Tanh(xs[0]).Value, (xs, w) => [pullbackScale * Rule.Tanh(xs[0]).Pullback(w)], LineSamples.MachineEpsilon,
            (xs, d) => pushScale * Rule.Tanh(xs[0]).Pushforward!(d[0]));

    private static IReadOnlyList<CheckResult> Run(CheckTarget target, GradCheckOptions? o = null)
    {
        var w = Key.Create(8).Normal<double>(target.Forward(target.Points).Shape);
        return PushforwardCheck.Run(target, new Probe(target, w), w, Grads(target, w), Key.Create(9), o ?? GradCheckOptions.Default, InDouble);
    }

    [Fact]
    public void A_right_pushforward_passes_both_checks_on_every_direction()
    {
        var results = Run(Tanh(Key.Create(1).Normal<double>(new Shape(3, 4))), new GradCheckOptions(Projections: 4));
        Assert.Equal(["adjoint", "pushforward"], results.Select(r => r.Check));
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.Equal((4, 4), (results[0].Checked, results[1].Checked));
        Assert.StartsWith("4 directions, worst direction ", results[0].Detail);
        Assert.Contains("pushforward ⟨J·v, w⟩ = ", results[0].Detail);
        Assert.Contains("(bound 9.1E-013)", results[0].Detail);
        Assert.StartsWith("4 directions, worst direction ", results[1].Detail);
        Assert.True(results[0].WorstRelativeError < 1e-14, results[0].Detail);
        Assert.True(results[1].WorstRelativeError < 1e-8, results[1].Detail);
        Assert.Equal(4096, PushforwardCheck.AdjointUlps);
    }

    [Fact]
    public void One_direction_reads_in_the_singular()
    {
        var results = Run(Tanh(Key.Create(1).Normal<double>(new Shape(3))), new GradCheckOptions(Projections: 1));
        Assert.StartsWith("1 direction, worst direction 1: pushforward ⟨J·v, w⟩ = ", results[0].Detail);
        Assert.StartsWith("1 direction, worst direction 1: finite difference ⟨w, J·v⟩ = ", results[1].Detail);
    }

    /// <summary>Both maps off by the same factor are adjoint to each other: only the finite difference shows they are wrong.</summary>
    [Fact]
    public void A_pushforward_wrong_together_with_its_pullback_fails_the_finite_difference_check()
    {
        var results = Run(Tanh(Key.Create(1).Normal<double>(new Shape(3, 4)), 1.25, 1.25));
        Assert.True(results[0].Passed, results[0].ToString());
        Assert.False(results[1].Passed);
        Assert.Equal(0.25 / 1.25, results[1].WorstRelativeError, 1e-6);
        Assert.EndsWith(", relative error 2.00E-001", results[1].Detail);
    }

    [Fact]
    public void A_pushforward_off_from_its_pullback_fails_the_adjoint_check()
    {
        var results = Run(Tanh(Key.Create(1).Normal<double>(new Shape(3, 4)), pushScale: 1 + 1e-9));
        Assert.False(results[0].Passed);
        Assert.InRange(results[0].WorstRelativeError, 1e-11, 1e-8);
    }

    [Fact]
    public void A_pushforward_of_the_wrong_shape_is_reported()
    {
        var target = Tanh(X(1.0, 2.0)) with { Pushforward = (xs, d) => X(0.0, 0.0, 0.0) };
        var result = Assert.Single(Run(target));
        Assert.Equal(("adjoint", false), (result.Check, result.Passed));
        Assert.Equal("the pushforward gave shape [3], the output has [2]", result.Detail);
    }

    [Fact]
    public void Directions_into_a_kink_are_skipped_and_counted()
    {
        var abs = Abs(X(0.0, 0.0)) with { Pushforward = (xs, d) => d[0] * xs[0].Map(v => (double)Math.Sign(v)) };
        var results = Run(abs, new GradCheckOptions(Projections: 2, KinkRetries: 1));
        Assert.True(results[1].Passed);
        Assert.Equal((0, 2), (results[1].Checked, results[1].Skipped));
        Assert.Equal("every direction ran into a kink", results[1].Detail);
    }

    [Fact]
    public void A_target_without_a_pushforward_says_why_in_one_line()
    {
        var result = Assert.Single(Run(Square(X(1.0)) with { WhyNoPushforward = "not available (no rule for it)" }));
        Assert.Equal(("pushforward", true, 0), (result.Check, result.Passed, result.Checked));
        Assert.Equal("not available (no rule for it): the adjoint and pushforward checks could not run", result.Detail);
    }

    private static (IReadOnlyList<CheckResult> Results, Recorded Record) Recording(CheckTarget target, GradCheckOptions o)
    {
        var record = new Recorded(target);
        var w = Key.Create(8).Normal<double>(target.Forward(target.Points).Shape);
        var probe = new Probe(record.Target, w);
        record.Clear();
        return (PushforwardCheck.Run(record.Target, probe, w, Grads(target, w), Key.Create(9), o, InDouble), record);
    }

    private static CheckTarget AbsWithPushforward(Tensor<double> x) =>
        Abs(x) with { Pushforward = (xs, d) => d[0] * xs[0].Map(v => (double)Math.Sign(v)) };

    [Fact]
    public void Each_kink_retry_samples_the_line_once_more()
    {
        var kinked = AbsWithPushforward(Tensor<double>.Zeros(new Shape(100)));
        var once = Recording(kinked, new GradCheckOptions(Projections: 1, KinkRetries: 0)).Record.Calls.Count - 1;
        var (results, record) = Recording(kinked, new GradCheckOptions(Projections: 1, KinkRetries: 2));
        Assert.True(once > 0);
        Assert.Equal(3 * once, record.Calls.Count - 1);
        Assert.Equal((0, 1), (results[1].Checked, results[1].Skipped));
    }

    [Fact]
    public void A_retry_steps_a_quarter_as_far_along_a_fresh_direction()
    {
        var points = Tensor<double>.Zeros(new Shape(100));
        var (_, record) = Recording(AbsWithPushforward(points), new GradCheckOptions(Projections: 1, KinkRetries: 1));
        var once = (record.Calls.Count - 1) / 2;
        double Reach(int attempt, Key key)
        {
            var v = DirectionalCheck.Direction([points], key, Math.Pow(0.5, attempt))[0];
            return record.Calls.Skip(1 + attempt * once).Take(once).Max(xs => xs[0].MaxAbs()) / v.MaxAbs();
        }
        var first = Reach(0, Key.Create(9).FoldIn(0));                        // the adjoint test's direction first
        Assert.Equal(InDouble.Step, first, 1e-12);
        Assert.Equal(first / 4, Reach(1, Key.Create(9).FoldIn(0).FoldIn(1)), 1e-12 * first);
    }

    [Fact]
    public void A_direction_along_only_one_input_is_still_a_direction()
    {
        var target = new CheckTarget("abs + square", [("x", X(0.0)), ("y", X(0.8))],
            xs => xs[0].Map(Math.Abs) + xs[1].Square(), (xs, w) => [w * xs[0].Map(v => (double)Math.Sign(v)), w * (2.0 * xs[1])],
            LineSamples.MachineEpsilon, (xs, d) => d[0] * xs[0].Map(v => (double)Math.Sign(v)) + d[1] * (2.0 * xs[1]));
        var results = Run(target, new GradCheckOptions(Projections: 4, KinkRetries: 8));
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.Equal(4, results[1].Checked + results[1].Skipped);
        Assert.True(results[1].Checked >= 1, results[1].ToString());
    }

    [Fact]
    public void The_step_scales_with_the_largest_input()
    {
        var x = Key.Create(6).Normal<double>(new Shape(3)) * 1e4;
        var y = Key.Create(7).Normal<double>(new Shape(3));
        static Tensor<double> Cube(Tensor<double> t) => t.Map(v => v * v * v);
        static Tensor<double> Slope(Tensor<double> t) => t.Map(v => 3 * v * v);
        var target = new CheckTarget("cubes", [("x", x), ("y", y)], xs => Cube(xs[0]) + Cube(xs[1]),
            (xs, w) => [w * Slope(xs[0]), w * Slope(xs[1])], LineSamples.MachineEpsilon, (xs, d) => d[0] * Slope(xs[0]) + d[1] * Slope(xs[1]));
        var results = Run(target);
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
        Assert.True(results[1].WorstRelativeError < 1e-11, results[1].ToString());
    }

    /// <summary>
    /// Maps that are right but lose digits inside, (d + 10⁸) − 10⁸: the adjoint test measures that round-off by applying
    /// each map to v + u and to u, and does not call it a wrong pushforward; without the allowance it would be 10⁻⁸ off.
    /// </summary>
    [Fact]
    public void Round_off_inside_the_maps_is_measured_not_failed()
    {
        static Tensor<double> Lossy(Tensor<double> t) => t.Map(v => v + 1e8 - 1e8);
        var target = new CheckTarget("lossy identity", [("x", Key.Create(2).Normal<double>(new Shape(6)))], xs => xs[0],
            (_, w) => [Lossy(w)], LineSamples.MachineEpsilon, (_, d) => Lossy(d[0]));
        var results = Run(target);
        Assert.True(results[0].Passed, results[0].ToString());
        var w = Key.Create(8).Normal<double>(new Shape(6));
        var v = DirectionalCheck.Direction(target.Points, Key.Create(9).FoldIn(0))[0];
        var norms = 2 * Math.Sqrt(v.Dot(v) * w.Dot(w));
        Assert.True(Math.Abs(Lossy(v).Dot(w) - v.Dot(Lossy(w))) / norms > 100 * PushforwardCheck.AdjointUlps * LineSamples.MachineEpsilon,
            "the maps disagree by far more than the bound");
    }
}
