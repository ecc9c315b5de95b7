using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// 2-D convolution over NCHW images: y = x ⋆ W + b (cross-correlation, zero padding), computed by im2col and the GEMM kernel,
/// or directly for layers with few output channels (see <see cref="Kernels.Convolution"/>).
/// Inputs: x [batch, inChannels, h, w], with kernel ≤ h + 2·padding and kernel ≤ w + 2·padding.
/// Returns: y [batch, outChannels, oh, ow] with oh = (h + 2·padding − kernel)/stride + 1 (rounded down), likewise ow.
/// Parameters: "w" [outChannels, inChannels, kernel, kernel] (Glorot uniform unless given; fan-in = inChannels·kernel²),
/// "b" [outChannels] (zeros).
/// State: none.
/// </summary>
public static class Conv2d
{
    public static Layer<T> Create<T>(int outChannels, int kernel, int stride = 1, int padding = 0,
        Func<Key, Shape, Tensor<T>>? init = null, string name = "conv2d")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Expect.Positive(outChannels, nameof(outChannels), name);
        Expect.Positive(kernel, nameof(kernel), name);
        Expect.Positive(stride, nameof(stride), name);
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{name}: padding must not be negative");
        var weightInit = init ?? Initialisers.GlorotUniform<T>();
        return x => Diff.Scope(name,
            from _ in Expect.Rank(x, 4, "conv2d needs input [batch, channels, h, w]")
            from w in Diff.Param("w", new Shape(outChannels, x.Shape[1], kernel, kernel), weightInit)
            from b in Diff.Param("b", new Shape(outChannels), Initialisers.Zeros<T>())
            from h in Ops.Conv2d(x, w, stride, padding)
            from y in Ops.ChannelBias(h, b)
            select y);
    }
}
