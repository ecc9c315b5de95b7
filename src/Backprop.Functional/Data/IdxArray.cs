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
        var (bytes, type, s) = (Bytes, Type, T.CreateChecked(scale));
        return Tensor<T>.Build(Shape, d => Convert(type, bytes.AsSpan(), d, s));
    }

    /// <summary>
    /// The given rows (indices along the first axis, in that order) as a tensor, each element multiplied by
    /// <paramref name="scale"/>: <c>ToTensor(scale).Gather(rows)</c> without the whole array in <typeparamref name="T"/>.
    /// </summary>
    public Tensor<T> ToTensor<T>(ReadOnlySpan<int> rows, double scale = 1.0) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (bytes, type, s) = (Bytes, Type, T.CreateChecked(scale));
        var rowSize = Dims.Skip(1).Aggregate(1, (a, b) => a * b);
        var rowBytes = rowSize * Idx.ElementSize(Type);
        var index = rows.ToArray();
        foreach (var r in index)
            if ((uint)r >= (uint)Dims[0]) throw new ArgumentOutOfRangeException(nameof(rows), r, $"{Source}: row {r} is outside 0..{Dims[0] - 1}");
        return Tensor<T>.Build(new Shape([index.Length, .. Dims.Skip(1)]), d =>
        {
            for (var i = 0; i < index.Length; i++)
                Convert(type, bytes.AsSpan(index[i] * rowBytes, rowBytes), d.Slice(i * rowSize, rowSize), s);
        });
    }

    private static void Convert<T>(IdxType type, ReadOnlySpan<byte> bytes, Span<T> d, T scale) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (type)
        {
            case IdxType.UByte: TensorPrimitives.ConvertChecked<byte, T>(bytes, d); break;
            case IdxType.SByte: TensorPrimitives.ConvertChecked<sbyte, T>(MemoryMarshal.Cast<byte, sbyte>(bytes), d); break;
            case IdxType.Int16: TensorPrimitives.ConvertChecked<short, T>(MemoryMarshal.Cast<byte, short>(bytes), d); break;
            case IdxType.Int32: TensorPrimitives.ConvertChecked<int, T>(MemoryMarshal.Cast<byte, int>(bytes), d); break;
            case IdxType.Float32: TensorPrimitives.ConvertChecked<float, T>(MemoryMarshal.Cast<byte, float>(bytes), d); break;
            default: TensorPrimitives.ConvertChecked<double, T>(MemoryMarshal.Cast<byte, double>(bytes), d); break;
        }
        if (scale != T.One) TensorPrimitives.Multiply(d, scale, d);
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
