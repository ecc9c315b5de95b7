using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Weight initialisers: (key, shape) ↦ tensor. Fans are read from the shape: a dense weight
/// [in, out] has fan-in = in and fan-out = out.
/// </summary>
public static class Initializers
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
