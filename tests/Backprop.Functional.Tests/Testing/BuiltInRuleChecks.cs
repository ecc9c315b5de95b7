using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// The gradient property of every built-in rule and layer, each a one-liner over generated sizes
/// (shrinking to the smallest failing shape) and keys (replaying the exact values), marked for the
/// registry test with [ChecksGradientOf].
/// </summary>
public class BuiltInRuleChecks
{
    private static Property Check(string name)
    {
        var check = BuiltIns.Checks.Single(c => c.Name == name);
        return Prop.ForAll(Arbitraries.Dims(check.DimCount), Arbitraries.Key(), (dims, key) => check.Run(dims, key, null).ToProperty());
    }

    [Property, ChecksGradientOf(nameof(Rule.Add))] public Property Add() => Check(nameof(Rule.Add));
    [Property, ChecksGradientOf(nameof(Rule.Subtract))] public Property Subtract() => Check(nameof(Rule.Subtract));
    [Property, ChecksGradientOf(nameof(Rule.Multiply))] public Property Multiply() => Check(nameof(Rule.Multiply));
    [Property, ChecksGradientOf(nameof(Rule.MatMul))] public Property MatMul() => Check(nameof(Rule.MatMul));
    [Property, ChecksGradientOf(nameof(Rule.AddBias))] public Property AddBias() => Check(nameof(Rule.AddBias));
    [Property, ChecksGradientOf(nameof(Rule.Sum))] public Property Sum() => Check(nameof(Rule.Sum));
    [Property, ChecksGradientOf(nameof(Rule.Mean))] public Property Mean() => Check(nameof(Rule.Mean));
    [Property, ChecksGradientOf(nameof(Rule.Relu))] public Property Relu() => Check(nameof(Rule.Relu));
    [Property, ChecksGradientOf(nameof(Rule.Sigmoid))] public Property Sigmoid() => Check(nameof(Rule.Sigmoid));
    [Property, ChecksGradientOf(nameof(Rule.Tanh))] public Property Tanh() => Check(nameof(Rule.Tanh));
    [Property, ChecksGradientOf(nameof(Rule.Softmax))] public Property Softmax() => Check(nameof(Rule.Softmax));
    [Property, ChecksGradientOf(nameof(Rule.MeanSquaredError))] public Property MeanSquaredError() => Check(nameof(Rule.MeanSquaredError));
    [Property, ChecksGradientOf(nameof(Rule.SoftmaxCrossEntropy))] public Property SoftmaxCrossEntropy() => Check(nameof(Rule.SoftmaxCrossEntropy));
    [Property, ChecksGradientOf(typeof(Dense))] public Property Dense_layer() => GradCheck.Layer("dense", Dense.Create<double>(3), inputShape: new Shape(4, 2));

    /// <summary>Generated MLPs: composition of pullbacks through random stacks of dense layers and activations.</summary>
    [Property(MaxTest = 30)]
    public Property Generated_mlps() =>
        Prop.ForAll(Arbitraries.Layers(), Arbitraries.Key(), (spec, key) =>
            GradCheck.Layer(spec.ToString(), spec.Build(), BuiltIns.Input(key, 0, 3, 2), BuiltIns.Check(key)).ToProperty());
}
