using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Functional.Kernels;

/// <summary>
/// The forward convolution of a layer with few output channels at stride 1, computed directly: each image is copied
/// into a zero-padded buffer, and an output line segment of two vectors of pixels is, for 3 output channels at a time,
/// Σ over the patch entries t = (c, i, j) of w[o, t] times the padded row (c, oy + i) read from column j on. No im2col,
/// and no GEMM whose row panels (8 output channels) such a layer would fill only in part. The entries are summed in
/// the GEMM's order (t ascending, one FMA each, from zero), so y has the bits of W·im2col(x).
/// </summary>
internal static unsafe class DirectConv
{
    private const int Channels = 3;

    /// <summary>
    /// Whether the forward pass is computed this way: AVX-512, stride 1, at most 8 output channels, and output lines
    /// that fill at least three quarters of what they are computed in: two lines of at most a vector each, or segments
    /// of two vectors of one line.
    /// </summary>
    public static bool Fits<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!Avx512F.IsSupported || !(typeof(T) == typeof(float) || typeof(T) == typeof(double)) || g.Stride != 1 || g.OutChannels > 8)
            return false;
        int L = Vector512<T>.Count, ow = g.OutWidth;
        return ow <= L ? 4 * ow >= 3 * L : 4L * ow >= 3L * 2 * L * ((ow + 2 * L - 1) / (2 * L));
    }

    /// <summary>
    /// The input gradient dx = Σ_o dy[o] ⋆ᵀ W[o] as a forward convolution of this kind: dy padded by k − 1 − p, with the
    /// kernels flipped and their channel axes swapped (<see cref="Transposed"/>), when that fits (square kernels, p &lt; k)
    /// and dy covers at least three quarters of x (a "same" convolution): otherwise most of the padded dy is zeros, and
    /// their products would outnumber the GEMM and col2im's work (LeNet's 10×10 from 14×14: half of them).
    /// </summary>
    public static bool FitsInput<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        g.Stride == 1 && g.KernelH == g.KernelW && g.Padding < g.KernelH && 4L * g.Pixels >= 3L * g.Height * g.Width && Fits<T>(Transposed(g));

    /// <summary>The geometry of the input gradient as a forward convolution: dy's images in, x's out.</summary>
    public static ConvGeometry Transposed(in ConvGeometry g) =>
        new(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.Channels, g.KernelH, g.KernelW, 1, g.KernelH - 1 - g.Padding);

    /// <summary>W'[c, o, i, j] = W[o, c, kh − 1 − i, kw − 1 − j]: the kernels of <see cref="Transposed"/>.</summary>
    public static void Flip<T>(T* w, T* flipped, in ConvGeometry g) where T : unmanaged
    {
        int kk = g.KernelH * g.KernelW;
        for (var o = 0; o < g.OutChannels; o++)
            for (var c = 0; c < g.Channels; c++)
                for (var t = 0; t < kk; t++)
                    flipped[(c * g.OutChannels + o) * kk + kk - 1 - t] = w[(o * g.Channels + c) * kk + t];
    }

    /// <summary>y[b] for the images b in [b0, b1).</summary>
    public static void Forward<T>(T* x, T* w, T* y, in ConvGeometry g, int b0, int b1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int hp = g.Height + 2 * g.Padding, wp = g.Width + 2 * g.Padding;
        var length = PaddedLength<T>(g);
        var padded = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(padded, 0, length);
        fixed (T* pad = padded)
            for (var b = b0; b < b1; b++)
            {
                Pad(x + (long)b * g.ImageSize, pad, g);
                for (var o0 = 0; o0 < g.OutChannels; o0 += Channels) Lines(pad, hp, wp, w, y + (long)b * g.OutImageSize, g, o0);
            }
        ArrayPool<T>.Shared.Return(padded);
    }

    /// <summary>
    /// The length of a buffer for <see cref="Pad{T}"/>: the padded channels, then slack for the reads past the last row
    /// (a segment's second vector, or a pair's second line after the last).
    /// </summary>
    public static int PaddedLength<T>(in ConvGeometry g) where T : unmanaged =>
        g.Channels * (g.Height + 2 * g.Padding) * (g.Width + 2 * g.Padding) + g.Width + 2 * g.Padding + 2 * Vector512<T>.Count;

    /// <summary>Copies an image into the interior of a zeroed buffer of <see cref="PaddedLength{T}"/> (its border stays zero).</summary>
    public static void Pad<T>(T* image, T* pad, in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int p = g.Padding, hp = g.Height + 2 * p, wp = g.Width + 2 * p;
        for (var c = 0; c < g.Channels; c++)
            for (var r = 0; r < g.Height; r++)
                ShortRows.Copy(image + (c * g.Height + r) * g.Width, pad + (c * hp + r + p) * wp + p, g.Width);
    }

    /// <summary>
    /// Output channels o0..o0+2 (the last one repeated past cout, not stored) of one image, two vectors at a time: the
    /// segments of two vectors of each line, or, for lines of at most a vector, the lines two by two.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // its own inlining budget: inlined into the caller's loop, its helpers were not
    private static void Lines<T>(T* pad, int hp, int wp, T* w, T* y, in ConvGeometry g, int o0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int L = Vector512<T>.Count, ow = g.OutWidth, oh = g.OutHeight, patch = g.Patch, kh = g.KernelH, kw = g.KernelW, last = g.OutChannels - 1;
        int o1 = Math.Min(o0 + 1, last), o2 = Math.Min(o0 + 2, last);
        T* w0 = w + (long)o0 * patch, w1 = w + (long)o1 * patch, w2 = w + (long)o2 * patch;
        var pairs = ow <= L;
        int next = pairs ? wp : L, nextOut = pairs ? ow : L, lineStep = pairs ? 2 : 1, segment = pairs ? ow : 2 * L;
        for (var oy = 0; oy < oh; oy += lineStep)
            for (var seg = 0; seg < ow; seg += segment)
            {
                Vector512<T> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default;
                var t = 0;
                for (var c = 0; c < g.Channels; c++)
                    for (var i = 0; i < kh; i++)
                    {
                        var row = pad + (c * hp + oy + i) * wp + seg;
                        for (var j = 0; j < kw; j++, t++)
                        {
                            Vector512<T> lo = Vector512.Load(row + j), hi = Vector512.Load(row + j + next);
                            var v = Vector512.Create(w0[t]);
                            a0 = Fma(v, lo, a0); b0 = Fma(v, hi, b0);
                            v = Vector512.Create(w1[t]);
                            a1 = Fma(v, lo, a1); b1 = Fma(v, hi, b1);
                            v = Vector512.Create(w2[t]);
                            a2 = Fma(v, lo, a2); b2 = Fma(v, hi, b2);
                        }
                    }
                int nLo = pairs ? ow : Math.Min(L, ow - seg), nHi = pairs ? (oy + 1 < oh ? ow : 0) : Math.Max(0, ow - seg - L);
                var line = y + oy * ow + seg;
                Put(line + (long)o0 * g.Pixels, a0, nLo, b0, nextOut, nHi);
                if (o0 + 1 <= last) Put(line + (long)(o0 + 1) * g.Pixels, a1, nLo, b1, nextOut, nHi);
                if (o0 + 2 <= last) Put(line + (long)(o0 + 2) * g.Pixels, a2, nLo, b2, nextOut, nHi);
            }
    }

    /// <summary>Stores the first nLo lanes of lo at dst and the first nHi lanes of hi at dst + next (each n at most L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(T* dst, Vector512<T> lo, int nLo, Vector512<T> hi, int next, int nHi) where T : unmanaged
    {
        Put(dst, lo, nLo);
        Put(dst + next, hi, nHi);
    }

    /// <summary>Stores the first n lanes of v (0 ≤ n ≤ L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put<T>(T* dst, Vector512<T> v, int n) where T : unmanaged
    {
        if (n >= Vector512<T>.Count) v.Store(dst);
        else if (n > 0) Masked(dst, v, n);
    }

    /// <summary>A vector whose first n lanes are all ones, the rest zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Lanes<T>(int n) where T : unmanaged => typeof(T) == typeof(float)
        ? Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).As<int, T>()
        : Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)n)).As<long, T>();

    /// <summary>The lanes of src that <paramref name="lanes"/> selects, zero elsewhere; the others are not read (no fault past a span's end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load<T>(T* src, Vector512<T> lanes) where T : unmanaged => typeof(T) == typeof(float)
        ? Avx512F.MaskLoad((float*)src, lanes.As<T, float>(), Vector512<float>.Zero).As<float, T>()
        : Avx512F.MaskLoad((double*)src, lanes.As<T, double>(), Vector512<double>.Zero).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masked<T>(T* dst, Vector512<T> v, int n) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) Avx512F.MaskStore((float*)dst, Lanes<T>(n).As<T, float>(), v.As<T, float>());
        else Avx512F.MaskStore((double*)dst, Lanes<T>(n).As<T, double>(), v.As<T, double>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged => typeof(T) == typeof(float)
        ? Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
        : Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
}
