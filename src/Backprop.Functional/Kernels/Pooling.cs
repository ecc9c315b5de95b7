using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        int oh = g.OutHeight, ow = g.OutWidth, kh = g.KernelH, kw = g.KernelW, width = g.Width, stride = g.Stride, plane = g.Height * width;
        var pairs = typeof(T) == typeof(float) && kh == 2 && kw == 2 && stride == 2;
        var lanes = pairs && Avx512F.IsSupported ? 16 : pairs && Avx2.IsSupported && ow >= 8 ? 8 : pairs && Sse.IsSupported && ow >= 4 ? 4 : 0;
        var maxima = MemoryMarshal.Cast<T, float>(y);                  // read only on the float path (lanes > 0)
        if (lanes == 16)
        {
            MaxPlanesSixteen(MemoryMarshal.Cast<T, float>(x), maxima, argmax, g, p0, p1);
            return;
        }
        for (var p = p0; p < p1; p++)
        {
            var image = x.Slice(p * plane, plane);
            var pixels = MemoryMarshal.Cast<T, float>(image);
            for (var oy = 0; oy < oh; oy++)
            {
                int ox = 0, row = (p * oh + oy) * ow;
                if (lanes > 0)
                {
                    // Eight (or four) windows at a time; a last, overlapping group recomputes a few outputs with the same result.
                    for (; ox < ow; ox = Math.Min(ox + lanes, ow))
                    {
                        var start = Math.Min(ox, ow - lanes);
                        var (corner, at) = (oy * 2 * width + start * 2, row + start);
                        if (lanes == 8) MaxEight(pixels, corner, width, p * plane, maxima[at..], argmax[at..]);
                        else MaxFour(pixels, corner, width, p * plane, maxima[at..], argmax[at..]);
                    }
                    continue;
                }
                for (; ox < ow; ox++)
                {
                    var corner = oy * stride * width + ox * stride;
                    var best = corner;                                 // the first element wins until a larger one: ties and NaN keep it
                    var max = image[corner];
                    for (var i = 0; i < kh; i++)
                    {
                        var rowStart = corner + i * width;
                        for (var j = 0; j < kw; j++)
                        {
                            var v = image[rowStart + j];
                            if (v > max) (best, max) = (rowStart + j, v);
                        }
                    }
                    (y[row + ox], argmax[row + ox]) = (max, p * plane + best);
                }
            }
        }
    }

    /// <summary>
    /// Eight 2×2, stride-2 windows side by side, whose top-left corners are image[corner + 2l] for l = 0..7: the same
    /// maxima and first winners as the scalar loop (a later element wins only if strictly greater; NaN never does),
    /// by vector selects. The columns of each row pair are split into even and odd ones, the four candidates of a window.
    /// </summary>
    private static void MaxEight(ReadOnlySpan<float> image, int corner, int width, int offset, Span<float> y, Span<int> argmax)
    {
        static Vector256<float> Even(Vector256<float> lo, Vector256<float> hi) =>
            Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0x88).AsDouble(), 0xD8).AsSingle();
        static Vector256<float> Odd(Vector256<float> lo, Vector256<float> hi) =>
            Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0xDD).AsDouble(), 0xD8).AsSingle();
        var top = image.Slice(corner, 16);
        var bottom = image.Slice(corner + width, 16);
        Vector256<float> t0 = Vector256.Create(top[..8]), t1 = Vector256.Create(top[8..]);
        Vector256<float> b0 = Vector256.Create(bottom[..8]), b1 = Vector256.Create(bottom[8..]);
        var at = Vector256.Create(offset + corner) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        var (max, best) = (Even(t0, t1), at);
        (max, best) = Larger(Odd(t0, t1), at + Vector256<int>.One, max, best);
        (max, best) = Larger(Even(b0, b1), at + Vector256.Create(width), max, best);
        (max, best) = Larger(Odd(b0, b1), at + Vector256.Create(width + 1), max, best);
        max.CopyTo(y);
        best.CopyTo(argmax);
    }

    /// <summary>
    /// Planes <paramref name="p0"/> to <paramref name="p1"/> of 2×2 float windows at stride 2, sixteen windows side by side
    /// with AVX-512, as <see cref="MaxEight"/>: the 2n elements of each row of a group of n ≤ 16 windows by masked loads
    /// (nothing past them is read), even and odd columns by two-source permutes, the n maxima and winners by masked
    /// stores. The masks of a full group and of a line's last group are made once, so a narrow plane (LeNet's 10 pixels
    /// wide, 5 windows a line) costs a few instructions a line.
    /// </summary>
    private static unsafe void MaxPlanesSixteen(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, in ConvGeometry g, int p0, int p1)
    {
        // MaxForward has checked that the spans hold every plane.
        int oh = g.OutHeight, ow = g.OutWidth, width = g.Width, plane = g.Height * width;
        var (even, odd) = (Vector512<int>.Indices * 2, Vector512<int>.Indices * 2 + Vector512<int>.One);
        var last = ow % 16 == 0 ? 16 : ow % 16;
        static (Vector512<float> Lo, Vector512<float> Hi, Vector512<int> Lanes) Masks(int n) =>
            (Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(2 * n)).AsSingle(),
             Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(2 * n - 16)).AsSingle(),
             Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)));
        var (full, tail) = (Masks(16), Masks(last));
        fixed (float* px = x, py = y)
        fixed (int* pa = argmax)
        {
            for (var p = p0; p < p1; p++)
                for (var oy = 0; oy < oh; oy++)
                {
                    var corner = p * plane + 2 * oy * width;
                    float* top = px + corner, bottom = top + width;
                    var row = ((long)p * oh + oy) * ow;
                    for (var ox = 0; ox < ow; ox += 16)
                    {
                        var (lo, hi, lanes) = ox + 16 >= ow ? tail : full;
                        Vector512<float> t0 = Avx512F.MaskLoad(top + 2 * ox, lo, Vector512<float>.Zero), t1 = Avx512F.MaskLoad(top + 2 * ox + 16, hi, Vector512<float>.Zero);
                        Vector512<float> b0 = Avx512F.MaskLoad(bottom + 2 * ox, lo, Vector512<float>.Zero), b1 = Avx512F.MaskLoad(bottom + 2 * ox + 16, hi, Vector512<float>.Zero);
                        var at = Vector512.Create(corner + 2 * ox) + even;
                        var (max, best) = (Avx512F.PermuteVar16x32x2(t0, even, t1), at);
                        (max, best) = Larger(Avx512F.PermuteVar16x32x2(t0, odd, t1), at + Vector512<int>.One, max, best);
                        (max, best) = Larger(Avx512F.PermuteVar16x32x2(b0, even, b1), at + Vector512.Create(width), max, best);
                        (max, best) = Larger(Avx512F.PermuteVar16x32x2(b0, odd, b1), at + Vector512.Create(width + 1), max, best);
                        Avx512F.MaskStore(py + row + ox, lanes.AsSingle(), max);
                        Avx512F.MaskStore(pa + row + ox, lanes, best);
                    }
                }
        }
    }

    private static (Vector512<float> Max, Vector512<int> Best) Larger(Vector512<float> v, Vector512<int> at, Vector512<float> max, Vector512<int> best)
    {
        var larger = Vector512.GreaterThan(v, max);
        return (Vector512.ConditionalSelect(larger, v, max), Vector512.ConditionalSelect(larger.AsInt32(), at, best));
    }

    /// <summary>Four windows side by side, as <see cref="MaxEight"/> with 128-bit vectors (images 8 to 15 pixels wide).</summary>
    private static void MaxFour(ReadOnlySpan<float> image, int corner, int width, int offset, Span<float> y, Span<int> argmax)
    {
        var top = image.Slice(corner, 8);
        var bottom = image.Slice(corner + width, 8);
        Vector128<float> t0 = Vector128.Create(top[..4]), t1 = Vector128.Create(top[4..]);
        Vector128<float> b0 = Vector128.Create(bottom[..4]), b1 = Vector128.Create(bottom[4..]);
        var at = Vector128.Create(offset + corner) + Vector128.Create(0, 2, 4, 6);
        var (max, best) = (Sse.Shuffle(t0, t1, 0x88), at);
        (max, best) = Larger(Sse.Shuffle(t0, t1, 0xDD), at + Vector128<int>.One, max, best);
        (max, best) = Larger(Sse.Shuffle(b0, b1, 0x88), at + Vector128.Create(width), max, best);
        (max, best) = Larger(Sse.Shuffle(b0, b1, 0xDD), at + Vector128.Create(width + 1), max, best);
        max.CopyTo(y);
        best.CopyTo(argmax);
    }

    private static (Vector128<float> Max, Vector128<int> Best) Larger(Vector128<float> v, Vector128<int> at, Vector128<float> max, Vector128<int> best)
    {
        var larger = Vector128.GreaterThan(v, max);
        return (Vector128.ConditionalSelect(larger, v, max), Vector128.ConditionalSelect(larger.AsInt32(), at, best));
    }

    private static (Vector256<float> Max, Vector256<int> Best) Larger(Vector256<float> v, Vector256<int> at, Vector256<float> max, Vector256<int> best)
    {
        var larger = Vector256.GreaterThan(v, max);
        return (Vector256.ConditionalSelect(larger, v, max), Vector256.ConditionalSelect(larger.AsInt32(), at, best));
    }

    /// <summary>
    /// dx[argmax[o]] += dy[o]: only the element that won each window receives its gradient. Each winner lies in its
    /// window (as <see cref="MaxForward{T}"/> records them), so the planes are shared among the threads; float 2×2
    /// windows at stride 2 take <see cref="PairsBackward"/> (sixteen at a time with AVX-512, <see cref="PairsBackwardSixteen"/>).
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
            var wide = typeof(T) == typeof(float) && g is { KernelH: 2, KernelW: 2, Stride: 2 } && Avx512F.IsSupported;
            var pairs = typeof(T) == typeof(float) && g is { KernelH: 2, KernelW: 2, Stride: 2, OutWidth: >= 8 } && Avx2.IsSupported;
            var geometry = g;
            ParallelRange.For(planes, ParallelRange.Parts(planes, plane), (_, p0, p1) =>
            {
                if (wide)
                {
                    for (var p = p0; p < p1; p++) PairsBackwardSixteen((float*)ady, (int*)ai, (float*)adx, geometry, p);
                    return;
                }
                if (pairs)
                {
                    for (var p = p0; p < p1; p++) PairsBackward((float*)ady, (int*)ai, (float*)adx, geometry, p);
                    return;
                }
                var gy = new ReadOnlySpan<T>((T*)ady, planes * outPlane);
                var winners = new ReadOnlySpan<int>((int*)ai, planes * outPlane);
                var gx = new Span<T>((T*)adx, planes * plane);
                gx[(p0 * plane)..(p1 * plane)].Clear();
                for (var o = p0 * outPlane; o < p1 * outPlane; o++) gx[winners[o]] += gy[o];
            });
        }
    }

    /// <summary>
    /// One plane of <see cref="MaxBackward{T}"/> for 2×2 windows at stride 2, which tile it: each pair of rows is written
    /// once, eight windows at a time (a last, overlapping group rewrites the same values), every element dy or zero by
    /// vector selects, instead of clearing the plane and adding each dy at its winner. A row or column no window covers
    /// is zero. dy + 0 keeps the adding's zero: a −0 gradient lands as +0.
    /// </summary>
    private static unsafe void PairsBackward(float* dy, int* argmax, float* dx, in ConvGeometry g, int p)
    {
        int w = g.Width, plane = g.Height * w, oh = g.OutHeight, ow = g.OutWidth;
        var offsets = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        for (var oy = 0; oy < oh; oy++)
        {
            float* top = dx + (long)p * plane + 2 * oy * w, bottom = top + w;
            var row = (long)(p * oh + oy) * ow;
            for (var ox = 0; ox < ow; ox = Math.Min(ox + 8, ow))
            {
                var start = Math.Min(ox, ow - 8);
                var at = Vector256.Load(argmax + row + start) - (Vector256.Create(p * plane + 2 * oy * w + 2 * start) + offsets);
                var v = Vector256.Load(dy + row + start) + Vector256<float>.Zero;
                Interleave(Only(at, 0, v), Only(at, 1, v), top + 2 * start);
                Interleave(Only(at, w, v), Only(at, w + 1, v), bottom + 2 * start);
            }
            if (w % 2 == 1) top[w - 1] = bottom[w - 1] = 0;
        }
        if (g.Height % 2 == 1) new Span<float>(dx + (long)p * plane + (g.Height - 1) * w, w).Clear();
    }

    /// <summary>
    /// <see cref="PairsBackward"/> with AVX-512: sixteen windows at a time, a line's last group masked to the windows
    /// left (nothing past them is read or written), the columns interleaved by two-source permutes.
    /// </summary>
    private static unsafe void PairsBackwardSixteen(float* dy, int* argmax, float* dx, in ConvGeometry g, int p)
    {
        int w = g.Width, plane = g.Height * w, oh = g.OutHeight, ow = g.OutWidth;
        var offsets = Vector512<int>.Indices * 2;
        var (low, high) = (Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23),
            Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
        for (var oy = 0; oy < oh; oy++)
        {
            float* top = dx + (long)p * plane + 2 * oy * w, bottom = top + w;
            var row = (long)(p * oh + oy) * ow;
            for (var ox = 0; ox < ow; ox += 16)
            {
                var n = Math.Min(16, ow - ox);
                var lanes = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n));
                var at = Avx512F.MaskLoad(argmax + row + ox, lanes, Vector512<int>.Zero) - (Vector512.Create(p * plane + 2 * oy * w + 2 * ox) + offsets);
                var v = Avx512F.MaskLoad(dy + row + ox, lanes.AsSingle(), Vector512<float>.Zero) + Vector512<float>.Zero;
                var (first, second) = (Simd512<float>.FirstLanes(2 * n), Simd512<float>.FirstLanes(2 * n - 16));
                Spread(top + 2 * ox, Only(at, 0, v), Only(at, 1, v), first, second, low, high);
                Spread(bottom + 2 * ox, Only(at, w, v), Only(at, w + 1, v), first, second, low, high);
            }
            if (w % 2 == 1) top[w - 1] = bottom[w - 1] = 0;
        }
        if (g.Height % 2 == 1) new Span<float>(dx + (long)p * plane + (g.Height - 1) * w, w).Clear();
    }

    /// <summary>Stores e0 o0 e1 o1 … e15 o15 at dst, the lanes <paramref name="first"/> and <paramref name="second"/> select of each half.</summary>
    private static unsafe void Spread(float* dst, Vector512<float> even, Vector512<float> odd, Vector512<float> first, Vector512<float> second,
        Vector512<int> low, Vector512<int> high)
    {
        Avx512F.MaskStore(dst, first, Avx512F.PermuteVar16x32x2(even, low, odd));
        Avx512F.MaskStore(dst + 16, second, Avx512F.PermuteVar16x32x2(even, high, odd));
    }

    private static Vector512<float> Only(Vector512<int> at, int offset, Vector512<float> v) =>
        Vector512.ConditionalSelect(Vector512.Equals(at, Vector512.Create(offset)).AsSingle(), v, Vector512<float>.Zero);

    /// <summary>v where the winner lies <paramref name="offset"/> past the window's corner, else 0.</summary>
    private static Vector256<float> Only(Vector256<int> at, int offset, Vector256<float> v) =>
        Vector256.ConditionalSelect(Vector256.Equals(at, Vector256.Create(offset)).AsSingle(), v, Vector256<float>.Zero);

    /// <summary>Stores e0 o0 e1 o1 … e7 o7 at dst: a window's left and right columns side by side.</summary>
    private static unsafe void Interleave(Vector256<float> even, Vector256<float> odd, float* dst)
    {
        Vector256<float> lo = Avx.UnpackLow(even, odd), hi = Avx.UnpackHigh(even, odd);   // e0 o0 e1 o1 | e4 o4 e5 o5, and e2 o2 e3 o3 | e6 o6 e7 o7
        Avx.Permute2x128(lo, hi, 0x20).Store(dst);
        Avx.Permute2x128(lo, hi, 0x31).Store(dst + 8);
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
