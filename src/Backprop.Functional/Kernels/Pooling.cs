using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Max and average pooling over NCHW images with a KernelH×KernelW window (no padding); every
/// (image, channel) plane is pooled on its own. <see cref="ConvGeometry.OutChannels"/> is ignored.
/// </summary>
public static class Pooling
{
    /// <summary>
    /// y = the window maximum; <paramref name="argmax"/> records where it was (the first, on ties). The planes are
    /// shared among the kernel's threads.
    /// </summary>
    public static unsafe void MaxForward<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> argmax, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NoPadding(g);
        var geometry = g;
        int planes = g.Batch * g.Channels, plane = g.Height * g.Width, outPlane = g.Pixels;
        Need(x.Length, (long)planes * plane, nameof(x));
        Need(y.Length, (long)planes * outPlane, nameof(y));
        Need(argmax.Length, (long)planes * outPlane, nameof(argmax));
        fixed (T* px = x, py = y)
        fixed (int* pi = argmax)
        {
            var (ax, ay, ai) = ((nint)px, (nint)py, (nint)pi);
            ParallelRange.For(planes, ParallelRange.Parts(planes, (long)outPlane * g.KernelH * g.KernelW), (_, p0, p1) =>
                MaxPlanes(new ReadOnlySpan<T>((T*)ax, planes * plane), new Span<T>((T*)ay, planes * outPlane),
                    new Span<int>((int*)ai, planes * outPlane), geometry, p0, p1));
        }
    }

    private static void MaxPlanes<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> argmax, in ConvGeometry g, int p0, int p1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, kh = g.KernelH, kw = g.KernelW, width = g.Width, stride = g.Stride;
        int plane = g.Height * width, o = p0 * g.Pixels;
        for (var p = p0; p < p1; p++)
        {
            var image = x.Slice(p * plane, plane);
            for (var oy = 0; oy < oh; oy++)
                for (var ox = 0; ox < ow; ox++, o++)
                {
                    var corner = oy * stride * width + ox * stride;
                    var best = corner;                                 // the first element wins until a larger one: ties and NaN keep it
                    var max = image[corner];
                    for (var i = 0; i < kh; i++)
                    {
                        var row = image.Slice(corner + i * width, kw);
                        for (var j = 0; j < row.Length; j++)
                            if (row[j] > max) (best, max) = (corner + i * width + j, row[j]);
                    }
                    (y[o], argmax[o]) = (max, p * plane + best);
                }
        }
    }

    /// <summary>
    /// dx[argmax[o]] += dy[o]: only the element that won each window receives its gradient. Each winner lies in its
    /// window's plane (as <see cref="MaxForward{T}"/> records them), so the planes are shared among the threads.
    /// </summary>
    public static unsafe void MaxBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> argmax, Span<T> dx, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int planes = g.Batch * g.Channels, plane = g.Height * g.Width, outPlane = g.Pixels;
        Need(dy.Length, (long)planes * outPlane, nameof(dy));
        Need(argmax.Length, (long)planes * outPlane, nameof(argmax));
        Need(dx.Length, (long)planes * plane, nameof(dx));
        fixed (T* pdy = dy, pdx = dx)
        fixed (int* pi = argmax)
        {
            var (ady, adx, ai) = ((nint)pdy, (nint)pdx, (nint)pi);
            ParallelRange.For(planes, ParallelRange.Parts(planes, plane), (_, p0, p1) =>
            {
                var gy = new ReadOnlySpan<T>((T*)ady, planes * outPlane);
                var winners = new ReadOnlySpan<int>((int*)ai, planes * outPlane);
                var gx = new Span<T>((T*)adx, planes * plane);
                gx[(p0 * plane)..(p1 * plane)].Clear();
                for (var o = p0 * outPlane; o < p1 * outPlane; o++) gx[winners[o]] += gy[o];
            });
        }
    }

    private static void Need(int length, long needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} has {length} elements; the geometry needs {needed}", name);
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
