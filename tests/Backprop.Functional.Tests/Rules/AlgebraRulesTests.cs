using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Backprop.Functional.Tests.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Rules;

/// <summary>The tensor algebra's differentiable operations as rules: pullbacks against finite differences over broadcast shapes.</summary>
public class AlgebraRulesTests
{
    private static Arbitrary<(Shape Full, Shape A, Shape B, int Seed)> Pairs() =>
        AlgebraGen.Pairs().Generator.Where(c => c.A.Size > 0 && c.B.Size > 0).ToArbitrary();

    private static Tensor<double> Normal(int seed, int i, Shape shape) => Arbitraries.WellConditioned(Key.Create(seed).FoldIn(i), shape);

    /// <summary>Values in [e^−1.5, e^1.5]: well away from 0, where log, √ and 1/y are smooth.</summary>
    private static Tensor<double> Positive(int seed, int i, Shape shape) => (Normal(seed, i, shape) * 0.5).Exp();

    private static Property Check(GradCheckReport report) => report.ToProperty();

    [Property(MaxTest = 60), ChecksGradientOf(nameof(Rule.Divide))]
    public Property Divide_broadcasts_and_sums_back() => Prop.ForAll(Pairs(), c =>
        Check(GradCheck.Rule("Divide", Rule.Divide, Normal(c.Seed, 0, c.A), Positive(c.Seed, 1, c.B), Key.Create(c.Seed))));

    [Property(MaxTest = 40), ChecksGradientOf(nameof(Rule.Exp)), ChecksGradientOf(nameof(Rule.Log)), ChecksGradientOf(nameof(Rule.Sqrt)), ChecksGradientOf(nameof(Rule.Pow))]
    public Property Unary_maths_pullbacks_are_right() => Prop.ForAll(Pairs(), c =>
        Check(GradCheck.Rule("Exp", Rule.Exp, Normal(c.Seed, 0, c.A), Key.Create(c.Seed)))
            .And(Check(GradCheck.Rule("Log", Rule.Log, Positive(c.Seed, 1, c.A), Key.Create(c.Seed))))
            .And(Check(GradCheck.Rule("Sqrt", Rule.Sqrt, Positive(c.Seed, 2, c.A), Key.Create(c.Seed))))
            .And(Check(GradCheck.Rule("Pow", x => Rule.Pow(x, 2.5), Positive(c.Seed, 3, c.A), Key.Create(c.Seed)))));

    [Property(MaxTest = 60), ChecksGradientOf(nameof(Rule.Sum)), ChecksGradientOf(nameof(Rule.Mean))]
    public Property Reductions_along_an_axis_stretch_the_cotangent_back() => Prop.ForAll(
        AlgebraGen.Axes().Generator.Where(c => c.Shape.Size > 0).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (c, keepDims) =>
            Check(GradCheck.Rule("Sum", x => Rule.Sum(x, c.Axis, keepDims), Normal(c.Seed, 0, c.Shape), Key.Create(c.Seed)))
                .And(Check(GradCheck.Rule("Mean", x => Rule.Mean(x, c.Axis, keepDims), Normal(c.Seed, 1, c.Shape), Key.Create(c.Seed)))));

    [Property(MaxTest = 60), ChecksGradientOf(nameof(Rule.Permute)), ChecksGradientOf(nameof(Rule.Transpose)), ChecksGradientOf(nameof(Rule.BroadcastTo))]
    public Property Layout_pullbacks_are_right() => Prop.ForAll(Pairs(), c =>
    {
        var axes = Enumerable.Range(0, c.Full.Rank).OrderBy(a => (a * 7919 + c.Seed) % 13).ToArray();
        return Check(GradCheck.Rule("Permute", x => Rule.Permute(x, axes), Normal(c.Seed, 0, c.Full), Key.Create(c.Seed)))
            .And(Check(GradCheck.Rule("Transpose", Rule.Transpose, Normal(c.Seed, 1, c.A), Key.Create(c.Seed))))
            .And(Check(GradCheck.Rule("BroadcastTo", x => Rule.BroadcastTo(x, c.Full), Normal(c.Seed, 2, c.A), Key.Create(c.Seed))));
    });

    /// <summary>A layer norm composed from the lifted operations, no pullback written: its gradients are right.</summary>
    [Property(MaxTest = 20)]
    public Property A_layer_norm_in_LINQ_needs_no_pullback()
    {
        Layer<double> norm = x => Diff.Scope("norm",
            from gamma in Diff.Param("gamma", new Shape(x.Shape[-1]), Initialisers.Normal<double>(1))
            from mean in Ops.Mean(x, -1, keepDims: true)
            from means in Ops.BroadcastTo(mean, x.Shape)
            from centred in Ops.Subtract(x, means)
            from square in Ops.Multiply(centred, centred)
            from variance in Ops.Mean(square, -1, keepDims: true)
            from std in Ops.Sqrt(variance)
            from stretched in Ops.BroadcastTo(std, x.Shape)
            from xHat in Ops.Divide(centred, stretched)
            from g in Ops.BroadcastTo(gamma, x.Shape)
            from y in Ops.Multiply(xHat, g)
            select y);
        return GradCheck.Layer("norm", norm, inputShape: new Shape(4, 5));
    }
}
