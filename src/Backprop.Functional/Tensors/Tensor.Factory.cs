using System.Numerics;

namespace Backprop.Functional.Tensors;

/// <summary>Creation helpers that infer <c>T</c> from the values.</summary>
public static class Tensor
{
    public static Tensor<T> Create<T>(Shape shape, params ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Tensor<T>.FromSpan(shape, values);

    /// <summary>A vector (rank 1) of the given values.</summary>
    public static Tensor<T> Vector<T>(params ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Tensor<T>.FromSpan(new Shape(values.Length), values);

    /// <summary>A matrix from rows of equal length.</summary>
    public static Tensor<T> Matrix<T>(T[][] rows) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var cols = rows.Length == 0 ? 0 : rows[0].Length;
        if (rows.Any(r => r.Length != cols)) throw new ShapeException("matrix rows have different lengths");
        return Tensor<T>.FromSpan(new Shape(rows.Length, cols), rows.SelectMany(r => r).ToArray());
    }

    public static Tensor<T> Scalar<T>(T value) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Tensor<T>.Scalar(value);
}
