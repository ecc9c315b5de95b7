using System.Numerics;
using System.Text.RegularExpressions;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace CustomLayers
{
// The README's three-input example ("Rules of several inputs"), verbatim: The_doc_shows_exactly_the_tested_code checks it.
// DOC-BEGIN
public class RuleAuthorExample
{
    /// <summary>y = x·Wᵀ + b for x [n, in], W [out, in], b [out]: three inputs, so three cotangents.</summary>
    public static Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>> Linear<T>(IReadOnlyList<Tensor<T>> inputs) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, w, b) = (inputs[0], inputs[1], inputs[2]);
        IReadOnlyList<Tensor<T>> LinearPullback(Tensor<T> dy) => [dy.MatMul(w), dy.Transpose().MatMul(x), dy.SumTo(b.Shape)];
        return new(x.MatMul(w.Transpose()) + b, LinearPullback);
    }

    /// <summary>Layer norm over the last axis: y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε).</summary>
    public static Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>> LayerNorm<T>(IReadOnlyList<Tensor<T>> inputs) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (x, gamma, beta) = (inputs[0], inputs[1], inputs[2]);
        var centred = x - x.Mean(-1, keepDims: true);
        var inv = T.One / (centred.Square().Mean(-1, keepDims: true) + T.CreateChecked(1e-5)).Sqrt();
        var xHat = centred * inv;
        IReadOnlyList<Tensor<T>> LayerNormPullback(Tensor<T> dy)
        {
            var g = dy * gamma;
            var dx = inv * (g - g.Mean(-1, keepDims: true) - xHat * (g * xHat).Mean(-1, keepDims: true));
            return [dx, (dy * xHat).SumTo(gamma.Shape), dy.SumTo(beta.Shape)];
        }
        return new(xHat * gamma + beta, LayerNormPullback);
    }

    /// <summary>The linear rule as a layer. Parameters: "w" [outputs, features], "b" [outputs].</summary>
    public static Layer<T> Linear<T>(int outputs) where T : unmanaged, IBinaryFloatingPointIeee754<T> => x => Diff.Scope("linear",
        from w in Diff.Param("w", new Shape(outputs, x.Shape[-1]), Initialisers.GlorotUniform<T>())
        from b in Diff.Param("b", new Shape(outputs), Initialisers.Normal<T>(1))
        from y in Diff.Lift(Linear, x, w, b)
        select y);

    [Property] public Property Linear_pullbacks_are_right() => GradCheck.Rule("linear", Linear, [new Shape(4, 3), new Shape(2, 3), new Shape(2)]);

    [Property] public Property LayerNorm_pullbacks_are_right() => GradCheck.Rule("layer norm", LayerNorm, [new Shape(4, 5), new Shape(5), new Shape(5)]);

    [Property] public Property Linear_layer_gradients_are_right() => GradCheck.Layer("linear", Linear<double>(2), inputShape: new Shape(4, 3));

    [Fact] public void LayerNorm_in_float_is_right_at_float_tolerances() =>
        Assert.True(GradCheck.Rule("layer norm", LayerNorm, [.. new Shape[] { new(4, 5), new(5), new(5) }.Select((s, i) => Key.Create(i).Normal<float>(s))], Key.Create(9)).Passed);
}
// DOC-END
}

namespace Backprop.Functional.Tests.Testing
{
using CustomLayers;

/// <summary>Rules of several inputs and float rules: right ones pass over many seeds, wrong ones are caught.</summary>
public class RuleAuthorExampleTests
{
    private static IReadOnlyList<Tensor<T>> Inputs<T>(int seed, params Shape[] shapes) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        [.. shapes.Select((s, i) => Arbitraries.WellConditioned(Key.Create(seed).FoldIn(i), s).Cast<T>())];

    private static readonly Shape[] LinearShapes = [new(4, 3), new(2, 3), new(2)];
    private static readonly Shape[] NormShapes = [new(4, 5), new(5), new(5)];

    [Fact]
    public void The_doc_shows_exactly_the_tested_code()
    {
        var root = Backprop.Notebooks.RepositoryRoot.Find(AppContext.BaseDirectory).OrThrow();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var doc = readme[readme.IndexOf("### Rules of several inputs", StringComparison.Ordinal)..];
        var source = File.ReadAllText(Path.Combine(root, "tests", "Backprop.Functional.Tests", "Testing", "RuleAuthorExampleTests.cs"));
        var block = Regex.Match(doc, @"```csharp\n(.*?)```", RegexOptions.Singleline);
        var region = Regex.Match(source, @"// DOC-BEGIN\n(.*?)// DOC-END", RegexOptions.Singleline);
        Assert.True(block.Success && region.Success, "the doc's ```csharp block or the DOC-BEGIN/DOC-END region is missing");
        Assert.Equal(Normalise(region.Groups[1].Value), Normalise(block.Groups[1].Value));
    }

    private static string Normalise(string code) => Regex.Replace(code.Replace("\r", ""), @"\s+", " ").Trim();

    /// <summary>Each rule's body (from the opening brace to the return) is under 15 lines.</summary>
    [Fact]
    public void Each_rule_is_under_15_lines()
    {
        var root = Backprop.Notebooks.RepositoryRoot.Find(AppContext.BaseDirectory).OrThrow();
        var lines = File.ReadAllLines(Path.Combine(root, "tests", "Backprop.Functional.Tests", "Testing", "RuleAuthorExampleTests.cs"));
        foreach (var name in new[] { "Linear<T>(IReadOnlyList", "LayerNorm<T>(IReadOnlyList" })
        {
            var start = Array.FindIndex(lines, l => l.Contains(name));
            var end = Array.FindIndex(lines, start, l => l.TrimStart().StartsWith("return new(", StringComparison.Ordinal));
            Assert.InRange(end - start + 2, 1, 14);
        }
    }

    private static Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>> Mutated<T>(
        Func<IReadOnlyList<Tensor<T>>, Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>>> rule,
        Func<IReadOnlyList<Tensor<T>>, Tensor<T>, IReadOnlyList<Tensor<T>>, IReadOnlyList<Tensor<T>>> mutate, IReadOnlyList<Tensor<T>> xs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var p = rule(xs);
        return p with { Pullback = dy => mutate(xs, dy, p.Pullback(dy)) };
    }

    /// <summary>Wrong pullbacks a rule author writes: a mean for a sum, a forgotten term, a missing transpose's twin.</summary>
    public static TheoryData<string> Wrongs() => ["db as a mean", "dW scaled", "dx without the x̂ term", "dγ from x", "one cotangent too few"];

    private static (Func<IReadOnlyList<Tensor<T>>, Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>>> Rule, Shape[] Shapes) Wrong<T>(string which)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => which switch
    {
        "db as a mean" => (xs => Mutated(RuleAuthorExample.Linear, (_, dy, g) => [g[0], g[1], dy.Mean(0)], xs), LinearShapes),
        "dW scaled" => (xs => Mutated(RuleAuthorExample.Linear, (_, _, g) => [g[0], g[1] * T.CreateChecked(1.01), g[2]], xs), LinearShapes),
        "dx without the x̂ term" => (xs => Mutated(RuleAuthorExample.LayerNorm, (x, dy, g) =>
        {
            var centred = x[0] - x[0].Mean(-1, keepDims: true);
            var inv = T.One / (centred.Square().Mean(-1, keepDims: true) + T.CreateChecked(1e-5)).Sqrt();
            var gg = dy * x[1];
            return [inv * (gg - gg.Mean(-1, keepDims: true)), g[1], g[2]];
        }, xs), NormShapes),
        "dγ from x" => (xs => Mutated(RuleAuthorExample.LayerNorm, (x, dy, g) => [g[0], (dy * x[0]).SumTo(x[1].Shape), g[2]], xs), NormShapes),
        _ => (xs => Mutated(RuleAuthorExample.Linear, (_, _, g) => [g[0], g[1]], xs), LinearShapes),
    };

    [Theory, MemberData(nameof(Wrongs))]
    public void A_wrong_pullback_is_caught_in_double_and_in_float(string which)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var (d, shapes) = Wrong<double>(which);
            Assert.False(GradCheck.Rule(which, d, Inputs<double>(seed, shapes), Key.Create(100 + seed)).Passed, $"double, seed {seed}");
            var (f, _) = Wrong<float>(which);
            Assert.False(GradCheck.Rule(which, f, Inputs<float>(seed, shapes), Key.Create(100 + seed)).Passed, $"float, seed {seed}");
        }
    }

    [Fact]
    public void A_pullback_with_too_few_cotangents_says_so()
    {
        var (rule, shapes) = Wrong<double>("one cotangent too few");
        var report = GradCheck.Rule("linear", rule, Inputs<double>(1, shapes), Key.Create(2));
        Assert.Contains("the rule has 3 inputs but its pullback returned 2 cotangents", report.ToString());
    }

    private static void Pass(GradCheckReport report) => Assert.True(report.Passed, report.ToString());

    /// <summary>The float versions of right rules pass at float's tolerances on 20 seeds each: no false alarms.</summary>
    [Fact]
    public void Right_float_rules_pass_on_20_seeds()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            Pass(GradCheck.Rule("linear", RuleAuthorExample.Linear, Inputs<float>(seed, LinearShapes), Key.Create(seed)));
            Pass(GradCheck.Rule("layer norm", RuleAuthorExample.LayerNorm, Inputs<float>(seed, NormShapes), Key.Create(seed)));
            Pass(GradCheck.Rule("swish", CustomLayerExample.Swish, Inputs<float>(seed, new Shape(3, 4))[0], Key.Create(seed)));
        }
    }

    /// <summary>y = x·a + b·c, four inputs taped as one rule: gradients through the tape for the input and every parameter.</summary>
    [Property(MaxTest = 20)]
    public Property Four_input_rules_lift_into_programs()
    {
        static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> Fma(IReadOnlyList<Tensor<double>> p) =>
            new(p[0] * p[1] + p[2] * p[3], dy => [(dy * p[1]).SumTo(p[0].Shape), (dy * p[0]).SumTo(p[1].Shape), (dy * p[3]).SumTo(p[2].Shape), (dy * p[2]).SumTo(p[3].Shape)]);
        Layer<double> layer = x => Diff.Scope("fma",
            from a in Diff.Param("a", new Shape(x.Shape[-1]), Initialisers.Normal<double>(1))
            from b in Diff.Param("b", new Shape(1, x.Shape[-1]), Initialisers.Normal<double>(1))
            from c in Diff.Param("c", new Shape(x.Shape[0], 1), Initialisers.Normal<double>(1))
            from y in Diff.Lift("fma", Fma, x, a, b, c)
            select y);
        return GradCheck.Layer("fma", layer, inputShape: new Shape(3, 4));
    }
}
}
