using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using R = Backprop.Functional.Rules.Rules;

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

    [Property, ChecksGradientOf(nameof(R.Add))] public Property Add() => Check(nameof(R.Add));
    [Property, ChecksGradientOf(nameof(R.Subtract))] public Property Subtract() => Check(nameof(R.Subtract));
    [Property, ChecksGradientOf(nameof(R.Multiply))] public Property Multiply() => Check(nameof(R.Multiply));
    [Property, ChecksGradientOf(nameof(R.MatMul))] public Property MatMul() => Check(nameof(R.MatMul));
    [Property, ChecksGradientOf(nameof(R.AddBias))] public Property AddBias() => Check(nameof(R.AddBias));
    [Property, ChecksGradientOf(nameof(R.Sum))] public Property Sum() => Check(nameof(R.Sum));
    [Property, ChecksGradientOf(nameof(R.Mean))] public Property Mean() => Check(nameof(R.Mean));
    [Property, ChecksGradientOf(nameof(R.Relu))] public Property Relu() => Check(nameof(R.Relu));
    [Property, ChecksGradientOf(nameof(R.Sigmoid))] public Property Sigmoid() => Check(nameof(R.Sigmoid));
    [Property, ChecksGradientOf(nameof(R.Tanh))] public Property Tanh() => Check(nameof(R.Tanh));
    [Property, ChecksGradientOf(nameof(R.Softmax))] public Property Softmax() => Check(nameof(R.Softmax));
    [Property, ChecksGradientOf(nameof(R.MeanSquaredError))] public Property MeanSquaredError() => Check(nameof(R.MeanSquaredError));
    [Property, ChecksGradientOf(nameof(R.SoftmaxCrossEntropy))] public Property SoftmaxCrossEntropy() => Check(nameof(R.SoftmaxCrossEntropy));
    [Property, ChecksGradientOf(typeof(Dense))] public Property Dense_layer() => GradCheck.Layer("dense", Dense.Create<double>(3), inputShape: new Shape(4, 2));

    /// <summary>Generated MLPs: composition of pullbacks through random stacks of dense layers and activations.</summary>
    [Property(MaxTest = 30)]
    public Property Generated_mlps() =>
        Prop.ForAll(Arbitraries.Layers(), Arbitraries.Key(), (spec, key) =>
            GradCheck.Layer(spec.ToString(), spec.Build(), BuiltIns.Input(key, 0, 3, 2), BuiltIns.Check(key)).ToProperty());
}
