using Backprop.Functional.Interop;
using Backprop.Functional.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Backprop.Functional.Tests.Onnx;

/// <summary>Runs an exported model in ONNX Runtime, and compares its outputs with ours.</summary>
internal static class OnnxRuntime
{
    public static Tensor<float> Run(OnnxModel model, Tensor<float> x)
    {
        using var session = new InferenceSession(model.Bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(x.Span.ToArray(), [.. x.Shape.Dims.Select(d => (long)d)]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["input"], [input], ["output"]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        return Tensor<float>.FromSpan(new Shape([.. shape.Select(d => (int)d)]), outputs[0].GetTensorDataAsSpan<float>());
    }

    /// <summary>max |onnx − ours| / max(max |ours|, 1): the worst element's error relative to the output's scale.</summary>
    public static double WorstError(Tensor<float> onnx, Tensor<float> ours) =>
        onnx.Shape != ours.Shape ? double.PositiveInfinity
        : (onnx - ours).MaxAbs() / Math.Max(1, (double)ours.MaxAbs());
}
