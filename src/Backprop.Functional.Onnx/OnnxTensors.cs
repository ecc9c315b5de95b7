using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Functional.Tensors;
using Google.Protobuf;
using LanguageExt;
using LanguageExt.Common;
using Onnx;

namespace Backprop.Functional.Interop;

/// <summary>Between <see cref="Tensor{T}"/> and ONNX's <see cref="TensorProto"/> (float and double, little-endian raw data).</summary>
internal static class OnnxTensors
{
    public static TensorProto.Types.DataType DataType<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? TensorProto.Types.DataType.Float
        : typeof(T) == typeof(double) ? TensorProto.Types.DataType.Double
        : throw new NotSupportedException($"ONNX export supports float and double, not {typeof(T).Name}");

    public static TensorProto From<T>(string name, Tensor<T> tensor) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var proto = new TensorProto { Name = name, DataType = (int)DataType<T>(), RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(tensor.Span)) };
        proto.Dims.AddRange(tensor.Shape.Dims.Select(d => (long)d));
        return proto;
    }

    public static TensorProto Int64(string name, params long[] values)
    {
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        return proto;
    }

    /// <summary>The tensor an initializer holds, checked against the shape the network needs at <paramref name="path"/>.</summary>
    public static Fin<Tensor<T>> To<T>(TensorProto proto, string path, Shape expected, string source) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var shape = $"[{string.Join(", ", proto.Dims)}]";
        var layer = Layers.LayerOf(path);
        if (proto.DataType != (int)DataType<T>())
            return Error.New($"{source}: tensor '{path}' (layer '{layer}') is {(TensorProto.Types.DataType)proto.DataType} {shape} but the network needs {DataType<T>()} {expected}");
        if (!proto.Dims.Select(d => (int)d).SequenceEqual(expected.Dims))
            return Error.New($"{source}: tensor '{path}' (layer '{layer}') has shape {shape} but the network needs {expected}");
        var values = proto.RawData.Length > 0 ? MemoryMarshal.Cast<byte, T>(proto.RawData.Span).ToArray()
            : typeof(T) == typeof(float) ? proto.FloatData.Select(T.CreateChecked).ToArray()
            : proto.DoubleData.Select(T.CreateChecked).ToArray();
        return values.Length == expected.Size ? Tensor<T>.FromSpan(expected, values)
            : Error.New($"{source}: tensor '{path}' (layer '{layer}') holds {values.Length} values but its shape {shape} needs {expected.Size}");
    }
}
