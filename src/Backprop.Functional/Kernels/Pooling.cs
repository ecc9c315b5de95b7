using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Max and average pooling over NCHW images with a KernelH×KernelW window (no padding); every
/// (image, channel) plane is pooled on its own. <see cref="ConvGeometry.OutChannels"/> is ignored.
/// </summary>
public static class Pooling
{
    /// <summary>y = the window maximum; <paramref name="argmax"/> records where it was (the first, on ties).</summary>
    public static void MaxForward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> argmax, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NoPadding(g);
        int oh = g.OutHeight, ow = g.OutWidth, plane = g.Height * g.Width, o = 0;
        for (var p = 0; p < g.Batch * g.Channels; p++)
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++, o++)
                {
                    var best = -1;
                    var max = T.NegativeInfinity;
                    for (var i = 0; i < g.KernelH; i++)
                        for (var j = 0; j < g.KernelW; j++)
                        {
                            var at = p * plane + (oy * g.Stride + i) * g.Width + ox * g.Stride + j;
                            if (best < 0 || x[at] > max) (best, max) = (at, x[at]);
                        }
                    (y[o], argmax[o]) = (max, best);
                }
    }

    /// <summary>dx[argmax[o]] += dy[o]: only the element that won each window receives its gradient.</summary>
    public static void MaxBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> argmax, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        dx.Clear();
        for (var o = 0; o < dy.Length; o++) dx[argmax[o]] += dy[o];
    }

    /// <summary>y = the window mean.</summary>
    public static void AverageForward<T>(ReadOnlySpan<T> x, Span<T> y, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NoPadding(g);
        int oh = g.OutHeight, ow = g.OutWidth, plane = g.Height * g.Width, o = 0;
        var scale = T.One / T.CreateChecked(g.KernelH * g.KernelW);
        for (var p = 0; p < g.Batch * g.Channels; p++)
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++, o++)
                {
                    var sum = T.Zero;
                    for (var i = 0; i < g.KernelH; i++)
                        sum += TensorPrimitives.Sum(x.Slice(p * plane + (oy * g.Stride + i) * g.Width + ox * g.Stride, g.KernelW));
                    y[o] = sum * scale;
                }
    }

    /// <summary>dx = dy / (kh·kw) spread over each window (overlapping windows add up).</summary>
    public static void AverageBackward<T>(ReadOnlySpan<T> dy, Span<T> dx, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NoPadding(g);
        dx.Clear();
        int oh = g.OutHeight, ow = g.OutWidth, plane = g.Height * g.Width, o = 0;
        var scale = T.One / T.CreateChecked(g.KernelH * g.KernelW);
        for (var p = 0; p < g.Batch * g.Channels; p++)
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++, o++)
                    for (var i = 0; i < g.KernelH; i++)
                    {
                        var row = dx.Slice(p * plane + (oy * g.Stride + i) * g.Width + ox * g.Stride, g.KernelW);
                        TensorPrimitives.Add(row, dy[o] * scale, row);
                    }
    }

    /// <summary>The windows are read without bounds for padding: a geometry with padding is a caller's bug, not a case.</summary>
    private static void NoPadding(in ConvGeometry g)
    {
        if (g.Padding != 0) throw new ArgumentException($"pooling takes no padding, got {g.Padding}", nameof(g));
    }
}
