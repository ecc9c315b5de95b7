using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Y = X ⋆ W: 2-D cross-correlation of NCHW images X [b, cin, h, w] with kernels W [cout, cin, kh, kw],
    /// giving Y [b, cout, oh, ow], oh = (h + 2·padding − kh)/stride + 1 (zero padding).
    /// As a matrix product per image, Y[b] = W·cols[b] with cols = im2col(X[b]) [cin·kh·kw, oh·ow]; so
    /// dY = dX ⋆ W + X ⋆ dW (the map is bilinear); ∂L/∂W = Σ_b dY[b]·cols[b]ᵀ (the images unrolled again, not kept) and ∂L/∂X[b] = col2im(Wᵀ·dY[b]).
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> Conv2d<T>(Tensor<T> x, Tensor<T> w, int stride = 1, int padding = 0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var g = ConvGeometryOf(x.Shape, w.Shape, stride, padding);
        T[] Work() => Tensor<T>.Scratch(Convolution.WorkSize<T>(g));
        var y = Tensor<T>.Build(new Shape(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth), d => Convolution.Forward(x.Span, w.Span, d, Work(), g));
        Tensor<T> Conv2dPushforwardX(Tensor<T> dx) => Tensor<T>.Build(y.Shape, d => Convolution.Forward(dx.Span, w.Span, d, Work(), g));
        Tensor<T> Conv2dPushforwardW(Tensor<T> dw) => Tensor<T>.Build(y.Shape, d => Convolution.Forward(x.Span, dw.Span, d, Work(), g));
        Tensor<T> Conv2dPullbackX(Tensor<T> dy) => Tensor<T>.Build(x.Shape, d => Convolution.BackwardInput(dy.Span, w.Span, d, Work(), g));
        Tensor<T> Conv2dPullbackW(Tensor<T> dy) => Tensor<T>.Build(w.Shape, d => Convolution.BackwardFilter<T>(dy.Span, x.Span, d, Work(), g));
        return new(y, Conv2dPullbackX, Conv2dPullbackW) { PushforwardX = Conv2dPushforwardX, PushforwardY = Conv2dPushforwardW };
    }

    private static ConvGeometry ConvGeometryOf(Shape x, Shape w, int stride, int padding)
    {
        if (x.Rank != 4 || w.Rank != 4 || x[1] != w[1])
            throw new ShapeException($"conv2d needs x [batch, cin, h, w] and kernel [cout, cin, kh, kw], got {x} and {w}");
        var g = new ConvGeometry(x[0], x[1], x[2], x[3], w[0], w[2], w[3], stride, padding);
        CheckWindow("conv2d", g);
        return g;
    }

    private static void CheckWindow(string op, ConvGeometry g)
    {
        if (g.Stride <= 0 || g.Padding < 0)
            throw new ShapeException($"{op} needs stride ≥ 1 and padding ≥ 0, got stride {g.Stride} and padding {g.Padding}");
        int h = g.Height + 2 * g.Padding, w = g.Width + 2 * g.Padding;
        if (g.KernelH < 1 || g.KernelW < 1 || g.KernelH > h || g.KernelW > w)
            throw new ShapeException($"{op}: kernel {g.KernelH}x{g.KernelW} does not fit the padded input {h}x{w} " +
                                     $"(input {g.Height}x{g.Width}, padding {g.Padding})");
    }
}
