using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// The forward convolution of a layer with few output channels at stride 1, computed directly: each image is copied
/// into a zero-padded buffer, and an output line segment of two vectors of pixels is, for 6 output channels at a time,
/// Σ over the patch entries t = (c, i, j) of w[o, t] times the padded row (c, oy + i) read from column j on. No im2col,
/// and no GEMM whose row panels (8 output channels) such a layer would fill only in part. The entries are summed in
/// the GEMM's order (t ascending, one FMA each, from zero), so y has the bits of W·im2col(x).
/// </summary>
internal static unsafe class DirectConv
{
    private const int Channels = 6;

    /// <summary>
    /// Whether the forward pass is computed this way: AVX-512 or AVX2 (<see cref="Lanes{T}"/>), stride 1, at most 8 output
    /// channels, and output lines that fill at least three quarters of what they are computed in: two lines of at most a
    /// vector each, or segments of two vectors of one line.
    /// </summary>
    public static bool Fits<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int L = Lanes<T>(), ow = g.OutWidth;
        if (L == 0 || g.Stride != 1 || g.OutChannels > 8) return false;
        return ow <= L ? 4 * ow >= 3 * L : 4L * ow >= 3L * 2 * L * ((ow + 2 * L - 1) / (2 * L));
    }

    /// <summary>The lanes of the widest registers the direct kernels run on here: 0 where neither width does.</summary>
    public static int Lanes<T>() where T : unmanaged =>
        Simd512<T>.IsSupported ? Simd512<T>.Count : Simd256<T>.IsSupported ? Simd256<T>.Count : 0;

    /// <summary>
    /// The input gradient dx = Σ_o dy[o] ⋆ᵀ W[o] as a forward convolution of this kind: dy padded by k − 1 − p, with the
    /// kernels flipped and their channel axes swapped (<see cref="Transposed"/>), when that fits (square kernels, p &lt; k)
    /// and dy covers at least three quarters of x (a "same" convolution): otherwise most of the padded dy is zeros, and
    /// their products would outnumber the GEMM and col2im's work (LeNet's 10×10 from 14×14: half of them). AVX-512 only:
    /// with AVX2, LeNet's conv1 took 1.5 times as long this way (its one output channel fills a third of a block).
    /// </summary>
    public static bool FitsInput<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Simd512<T>.IsSupported && g.Stride == 1 && g.KernelH == g.KernelW && g.Padding < g.KernelH && 4L * g.Pixels >= 3L * g.Height * g.Width && Fits<T>(Transposed(g));

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

    /// <summary>y[b] for the images b in [b0, b1), in the registers of <see cref="Lanes{T}"/>.</summary>
    public static void Forward<T>(T* x, T* w, T* y, in ConvGeometry g, int b0, int b1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsSupported) Forward<T, Vector512<T>, Simd512<T>>(x, w, y, g, b0, b1);
        else Forward<T, Vector256<T>, Simd256<T>>(x, w, y, g, b0, b1);
    }

    private static void Forward<T, TV, TS>(T* x, T* w, T* y, in ConvGeometry g, int b0, int b1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : unmanaged where TS : ISimd<TV, T>
    {
        int hp = g.Height + 2 * g.Padding, wp = g.Width + 2 * g.Padding, cout = g.OutChannels;
        var length = PaddedLength<T>(g);
        var padded = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(padded, 0, length);
        var packed = ArrayPool<T>.Shared.Rent((cout + Channels) * g.Patch);
        fixed (T* pad = padded, pw = packed)
        {
            for (var o0 = 0; o0 < cout; o0 += Channels) Pack(w, pw + (long)o0 * g.Patch, g, o0);
            for (var b = b0; b < b1; b++)
            {
                Pad(x + (long)b * g.ImageSize, pad, g);
                for (var o0 = 0; o0 < cout; o0 += Channels) Lines<T, TV, TS>(pad, hp, wp, pw + (long)o0 * g.Patch, y + (long)b * g.OutImageSize, g, o0);
            }
        }
        ArrayPool<T>.Shared.Return(packed);
        ArrayPool<T>.Shared.Return(padded);
    }

    /// <summary>
    /// The kernels of channels o0..o0+5 entry by entry, packed[t·6 + r] = w[o0 + r, t], the last channel repeated
    /// past cout: a step's 6 weights are one pointer's neighbours.
    /// </summary>
    private static void Pack<T>(T* w, T* packed, in ConvGeometry g, int o0) where T : unmanaged
    {
        for (var t = 0; t < g.Patch; t++)
            for (var r = 0; r < Channels; r++)
                packed[t * Channels + r] = w[(long)Math.Min(o0 + r, g.OutChannels - 1) * g.Patch + t];
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
    /// Output channels o0..o0+5 (the last one repeated past cout, not stored) of one image, two vectors at a time: the
    /// segments of two vectors of each line, or, for lines of at most a vector, the lines two by two. 12 chains of sums
    /// hide the FMA's latency, and each load of the padded image serves 12 FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // its own inlining budget: inlined into the caller's loop, its helpers were not
    private static void Lines<T, TV, TS>(T* pad, int hp, int wp, T* packed, T* y, in ConvGeometry g, int o0)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : unmanaged where TS : ISimd<TV, T>
    {
        int L = TS.Count, ow = g.OutWidth, oh = g.OutHeight, kh = g.KernelH, kw = g.KernelW, last = g.OutChannels - 1;
        var pairs = ow <= L;
        int nextOut = pairs ? ow : L, lineStep = pairs ? 2 : 1, segment = pairs ? ow : 2 * L;
        nint next = pairs ? wp : L;
        for (var oy = 0; oy < oh; oy += lineStep)
            for (var seg = 0; seg < ow; seg += segment)
            {
                TV a0 = TS.Zero, b0 = TS.Zero, a1 = TS.Zero, b1 = TS.Zero, a2 = TS.Zero, b2 = TS.Zero;
                TV a3 = TS.Zero, b3 = TS.Zero, a4 = TS.Zero, b4 = TS.Zero, a5 = TS.Zero, b5 = TS.Zero;
                var wt = packed;
                for (var c = 0; c < g.Channels; c++)
                    for (var i = 0; i < kh; i++)
                        for (T* row = pad + (c * hp + oy + i) * wp + seg, end = row + kw; row < end; row++, wt += Channels)
                        {
                            TV lo = TS.Load(row), hi = TS.Load(row + next);
                            var v = TS.Broadcast(wt[0]);
                            a0 = TS.Fma(v, lo, a0); b0 = TS.Fma(v, hi, b0);
                            v = TS.Broadcast(wt[1]);
                            a1 = TS.Fma(v, lo, a1); b1 = TS.Fma(v, hi, b1);
                            v = TS.Broadcast(wt[2]);
                            a2 = TS.Fma(v, lo, a2); b2 = TS.Fma(v, hi, b2);
                            v = TS.Broadcast(wt[3]);
                            a3 = TS.Fma(v, lo, a3); b3 = TS.Fma(v, hi, b3);
                            v = TS.Broadcast(wt[4]);
                            a4 = TS.Fma(v, lo, a4); b4 = TS.Fma(v, hi, b4);
                            v = TS.Broadcast(wt[5]);
                            a5 = TS.Fma(v, lo, a5); b5 = TS.Fma(v, hi, b5);
                        }
                var (nLo, nHi) = Counts(L, ow, oh, oy, seg, pairs, lineStep);
                var line = y + oy * ow + seg;
                Put<T, TV, TS>(line + (long)o0 * g.Pixels, a0, nLo, b0, nextOut, nHi);
                if (o0 + 1 <= last) Put<T, TV, TS>(line + (long)(o0 + 1) * g.Pixels, a1, nLo, b1, nextOut, nHi);
                if (o0 + 2 <= last) Put<T, TV, TS>(line + (long)(o0 + 2) * g.Pixels, a2, nLo, b2, nextOut, nHi);
                if (o0 + 3 <= last) Put<T, TV, TS>(line + (long)(o0 + 3) * g.Pixels, a3, nLo, b3, nextOut, nHi);
                if (o0 + 4 <= last) Put<T, TV, TS>(line + (long)(o0 + 4) * g.Pixels, a4, nLo, b4, nextOut, nHi);
                if (o0 + 5 <= last) Put<T, TV, TS>(line + (long)(o0 + 5) * g.Pixels, a5, nLo, b5, nextOut, nHi);
            }
    }

    /// <summary>
    /// How many lanes of a segment's two vectors to store: the pixels they hold, or, while a later line of the plane is
    /// still to be computed (and will overwrite them), all of both, so that no masked store is needed (they are slow on AMD).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Lo, int Hi) Counts(int L, int ow, int oh, int oy, int seg, bool pairs, int lineStep) =>
        oy + lineStep < oh ? (L, L)
        : pairs ? (ow, oy + 1 < oh ? ow : 0) : (Math.Min(L, ow - seg), Math.Max(0, ow - seg - L));

    /// <summary>Stores the first nLo lanes of lo at dst and the first nHi lanes of hi at dst + next (each n at most L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T, TV, TS>(T* dst, TV lo, int nLo, TV hi, int next, int nHi)
        where T : unmanaged where TV : unmanaged where TS : ISimd<TV, T>
    {
        TS.Put(lo, dst, nLo);
        TS.Put(hi, dst + next, nHi);
    }
}
