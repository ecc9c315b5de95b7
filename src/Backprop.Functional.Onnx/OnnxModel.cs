namespace Backprop.Functional.Interop;

/// <summary>
/// An exported model: the ONNX bytes (what the file holds; <c>new InferenceSession(model.Bytes)</c> runs it), its
/// input and output shapes as ONNX sees them ("batch" where the first axis is free), and the number of nodes.
/// </summary>
public sealed record OnnxModel(byte[] Bytes, string InputShape, string OutputShape, int Nodes)
{
    /// <summary>True when the graph takes any batch size, not only the sample's.</summary>
    public bool BatchIsDynamic => InputShape.StartsWith("[batch", StringComparison.Ordinal);

    public override string ToString() => $"ONNX model (opset {OnnxFile.Opset}): input {InputShape} → output {OutputShape}, {Nodes} nodes, {Bytes.Length:N0} bytes";
}
