using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// The contents of an IDX file: its element type, dimensions and elements in host byte order.
/// <see cref="Source"/> and <see cref="HeaderLength"/> let errors name the file and the byte offset.
/// </summary>
public sealed record IdxArray(string Source, IdxType Type, ImmutableArray<int> Dims, int HeaderLength, ImmutableArray<byte> Bytes)
{
    public Shape Shape => new(Dims.AsSpan());

    /// <summary>The elements as a tensor of the file's shape, each multiplied by <paramref name="scale"/>.</summary>
    public Tensor<T> ToTensor<T>(double scale = 1.0) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var bytes = Bytes;
        var s = T.CreateChecked(scale);
        return Tensor<T>.Build(Shape, d =>
        {
            switch (Type)
            {
                case IdxType.UByte: TensorPrimitives.ConvertChecked<byte, T>(bytes.AsSpan(), d); break;
                case IdxType.SByte: TensorPrimitives.ConvertChecked<sbyte, T>(MemoryMarshal.Cast<byte, sbyte>(bytes.AsSpan()), d); break;
                case IdxType.Int16: TensorPrimitives.ConvertChecked<short, T>(MemoryMarshal.Cast<byte, short>(bytes.AsSpan()), d); break;
                case IdxType.Int32: TensorPrimitives.ConvertChecked<int, T>(MemoryMarshal.Cast<byte, int>(bytes.AsSpan()), d); break;
                case IdxType.Float32: TensorPrimitives.ConvertChecked<float, T>(MemoryMarshal.Cast<byte, float>(bytes.AsSpan()), d); break;
                default: TensorPrimitives.ConvertChecked<double, T>(MemoryMarshal.Cast<byte, double>(bytes.AsSpan()), d); break;
            }
            if (s != T.One) TensorPrimitives.Multiply(d, s, d);
        });
    }

    /// <summary>The elements as class labels: a rank-1 integer array with every value in [0, <paramref name="classes"/>).</summary>
    public Fin<int[]> ToLabels(int classes)
    {
        if (Dims.Length != 1) return Error.New($"{Source}: labels need rank 1, found dimensions [{string.Join(", ", Dims)}]");
        if (Type is IdxType.Float32 or IdxType.Float64) return Error.New($"{Source}: labels need an integer type, found {Type}");
        var values = ToTensor<double>().Span;
        var size = Idx.ElementSize(Type);
        for (var i = 0; i < values.Length; i++)
            if (values[i] < 0 || values[i] >= classes)
                return Error.New($"{Source}: byte {HeaderLength + i * size}: label {values[i]} of row {i} is outside 0..{classes - 1}");
        var labels = new int[values.Length];
        TensorPrimitives.ConvertTruncating(values, labels);
        return labels;
    }
}
