using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<float>;
using Export = Backprop.Functional.Interop.OnnxFile;

namespace Backprop.Functional.Tests.Onnx;

/// <summary>What cannot be exported, and ONNX files that do not fit the network: one error naming the layer (and tensor and shapes).</summary>
public class OnnxErrorTests
{
    private static readonly Tensor<float> X = Key.Create(0).Normal<float>(new Shape(3, 5));

    private static string ExportError(Layer<float> model) =>
        Export.ToModel(model, model.Init(Key.Create(1), X).OrThrow(), X).Match(m => $"exported: {m}", e => e.Message);

    private static Pulled<Tensor<float>, Tensor<float>> Swish(Tensor<float> x)
    {
        var s = Rule.Sigmoid(x).Value;
        Tensor<float> SwishPullback(Tensor<float> dy) => dy * (s + x * s * (Tensor<float>.Ones(x.Shape) - s));
        return new(x * s, SwishPullback);
    }

    [Fact]
    public void A_rule_of_your_own_is_an_error_naming_its_layer() =>
        Assert.Equal("layer 'gate_1': a rule of your own ('swish') cannot be exported to ONNX; only the library's rules have ONNX translations",
            ExportError(Dense(4).Then(x => Scope("gate", Diff.Lift("swish", Swish, x)))));

    [Fact]
    public void A_rule_without_translation_is_an_error_naming_it() =>
        Assert.Equal("layer 'heaviside': the rule 'heaviside' has no ONNX translation, so this network cannot be exported", ExportError(Dense(4).Then(Heaviside)));

    [Fact]
    public void A_value_computed_from_the_input_outside_the_rules_is_an_error_naming_its_layer() =>
        Assert.Equal("layer 'twice_1': the value 'twice_1/constant' changes with the input: it is computed from the input outside the library's rules, " +
            "so an export would freeze it; compute it with Ops",
            ExportError(x => Scope("twice", Ops.Add(x, Constant(x.Value * 2f)))));

    [Fact]
    public void Parameters_read_back_from_an_exported_file_are_the_ones_written()
    {
        var model = Dense(4).Then(Relu).Then(Dense(2));
        var p = model.Init(Key.Create(2), X).OrThrow();
        var path = Temp();
        Export.Export(model, p, X, path).OrThrow();
        var back = Export.ReadParams(path, p).OrThrow();
        Assert.All(p, e => Assert.Equal(e.Value.Span.ToArray(), back[e.Key].Span.ToArray()));
    }

    [Fact]
    public void A_wrong_shape_is_one_error_naming_the_tensor_both_shapes_and_the_layer()
    {
        var path = Exported(Dense(3));
        Assert.Equal($"{path}: tensor 'dense_1/b' (layer 'dense_1') has shape [3] but the network needs [4]",
            Export.ReadParams(path, Dense(4).Init(Key.Create(3), X).OrThrow()).Match(_ => "loaded", e => e.Message));
    }

    [Fact]
    public void A_missing_tensor_is_one_error_naming_it_and_the_layer()
    {
        var path = Exported(Dense(3));
        Assert.Equal($"{path}: tensor 'dense_2/b' (layer 'dense_2', shape [2]) is missing",
            Export.ReadParams(path, Dense(3).Then(Dense(2)).Init(Key.Create(3), X).OrThrow()).Match(_ => "loaded", e => e.Message));
    }

    [Fact]
    public void A_wrong_dtype_is_one_error_naming_the_tensor_both_shapes_and_the_layer()
    {
        var x = Key.Create(0).Normal<double>(new Shape(3, 5));
        var model = Nn<double>.Dense(3);
        var path = Temp();
        Export.Export(model, model.Init(Key.Create(1), x).OrThrow(), x, path).OrThrow();
        Assert.Equal($"{path}: tensor 'dense_1/b' (layer 'dense_1') is Double [3] but the network needs Float [3]",
            Export.ReadParams(path, Dense(3).Init(Key.Create(3), X).OrThrow()).Match(_ => "loaded", e => e.Message));
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_an_error_naming_it()
    {
        var path = Temp();
        File.WriteAllText(path, "not a model");
        Assert.StartsWith($"{path}: cannot read an ONNX model", Export.ReadParams(path, Dense(3).Init(Key.Create(3), X).OrThrow()).Match(_ => "loaded", e => e.Message));
    }

    private static string Exported(Layer<float> model)
    {
        var path = Temp();
        Export.Export(model, model.Init(Key.Create(1), X).OrThrow(), X, path).OrThrow();
        return path;
    }

    private static string Temp() => Path.Combine(Directory.CreateTempSubdirectory().FullName, "model.onnx");
}
