using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Weight initialisers: (key, shape) ↦ tensor. Fans are read from the shape: a dense weight
/// [in, out] has fan-in = in and fan-out = out.
/// </summary>
public static class Initialisers
{
    /// <summary>All zeros. Fine for biases; for weights it makes every hidden unit identical (symmetry never breaks).</summary>
    public static Func<Key, Shape, Tensor<T>> Zeros<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (_, shape) => Tensor<T>.Zeros(shape);

    /// <summary>Glorot/Xavier uniform: U(−a, a) with a = √(6 / (fan_in + fan_out)); keeps variance for tanh/sigmoid.</summary>
    public static Func<Key, Shape, Tensor<T>> GlorotUniform<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (key, shape) =>
        {
            var (fanIn, fanOut) = Fans(shape);
            var a = T.CreateChecked(Math.Sqrt(6.0 / (fanIn + fanOut)));
            return key.Uniform(shape, -a, a);
        };

    /// <summary>He/Kaiming normal: N(0, 2 / fan_in); keeps variance through ReLU.</summary>
    public static Func<Key, Shape, Tensor<T>> HeNormal<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (key, shape) => key.Normal(shape, T.CreateChecked(Math.Sqrt(2.0 / Fans(shape).FanIn)));

    /// <summary>All ones (the γ of normalisation layers).</summary>
    public static Func<Key, Shape, Tensor<T>> Ones<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (_, shape) => Tensor<T>.Ones(shape);

    /// <summary>Every element equal to <paramref name="value"/>.</summary>
    public static Func<Key, Shape, Tensor<T>> Constant<T>(double value) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (_, shape) => Tensor<T>.Full(shape, T.CreateChecked(value));

    /// <summary>N(0, std²).</summary>
    public static Func<Key, Shape, Tensor<T>> Normal<T>(double std) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (key, shape) => key.Normal(shape, T.CreateChecked(std));

    /// <summary>U(low, high).</summary>
    public static Func<Key, Shape, Tensor<T>> Uniform<T>(double low, double high) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (key, shape) => key.Uniform(shape, T.CreateChecked(low), T.CreateChecked(high));

    /// <summary>Glorot/Xavier normal: N(0, 2 / (fan_in + fan_out)).</summary>
    public static Func<Key, Shape, Tensor<T>> GlorotNormal<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (key, shape) =>
        {
            var (fanIn, fanOut) = Fans(shape);
            return key.Normal(shape, T.CreateChecked(Math.Sqrt(2.0 / (fanIn + fanOut))));
        };

    /// <summary>He/Kaiming uniform: U(−a, a) with a = √(6 / fan_in), the variance 2 / fan_in of <see cref="HeNormal{T}"/>.</summary>
    public static Func<Key, Shape, Tensor<T>> HeUniform<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (key, shape) =>
        {
            var a = T.CreateChecked(Math.Sqrt(6.0 / Fans(shape).FanIn));
            return key.Uniform(shape, -a, a);
        };

    /// <summary>
    /// Orthogonal (Saxe et al.): the tensor seen as a matrix [shape[0], rest] has orthonormal rows (when it is wide)
    /// or columns (when tall), times <paramref name="gain"/>. Made by Gram-Schmidt (a QR with positive diagonal) of a
    /// standard normal matrix drawn from the key, so it is deterministic and uniformly distributed. Keeps the norm of
    /// vectors through repeated products, as in recurrent weights.
    /// </summary>
    public static Func<Key, Shape, Tensor<T>> Orthogonal<T>(double gain = 1.0) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (key, shape) =>
        {
            if (shape.Rank < 2 || shape.Size == 0) throw new ShapeException($"orthogonal init needs a non-empty matrix or kernel, got {shape}");
            int rows = shape[0], cols = shape.Size / rows, small = Math.Min(rows, cols), large = Math.Max(rows, cols);
            var q = key.Normal<double>(new Shape(small, large)).ToArray();
            Kernels.Orthogonal.Rows(q, small, large);
            var result = new double[q.Length];
            if (rows <= cols) q.CopyTo(result, 0);
            else Kernels.Orthogonal.Transpose(q, result, small, large);
            TensorPrimitives.Multiply(result, gain, result);
            return Tensor<double>.Own(shape, result).Cast<T>();
        };

    internal static (int FanIn, int FanOut) Fans(Shape shape) => shape.Rank switch
    {
        0 => (1, 1),
        1 => (shape[0], shape[0]),
        2 => (shape[0], shape[1]),
        _ => Receptive(shape),
    };

    private static (int, int) Receptive(Shape shape)
    {
        var field = 1;
        for (var axis = 2; axis < shape.Rank; axis++) field *= shape[axis];
        return (shape[1] * field, shape[0] * field);   // conv kernels [out, in, kh, kw]
    }
}
