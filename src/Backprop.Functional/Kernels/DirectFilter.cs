using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// The filter gradient of a layer whose forward pass <see cref="DirectConv"/> computes, from the padded images rather
/// than their unrolled columns: dW[o, t] = Σ_b Σ_oy Σ_ox dy[b, o, oy, ox]·xpad[b, c, oy + i, ox + j] for t = (c, i, j),
/// along each output line a vector at a time (the last one masked), 3 channels (2 with AVX2) × 5 entries (a row of a 5×5 kernel) of sums per register block.
/// As in <see cref="FilterDots"/>, the images are the outer loop, each block's sums wait between images in a small
/// buffer, and each element's lanes are added once at the end, so the result does not depend on the thread count.
/// </summary>
internal static unsafe class DirectFilter
{
    private const int Channels = 3, Entries = 5;

    /// <summary>The number of entry blocks of <see cref="Run{T}"/>.</summary>
    public static int Blocks(in ConvGeometry g) => (g.Patch + Entries - 1) / Entries;

    /// <summary>dW[o, t] for t in the entry blocks [block0, block1) (the last one may be partial).</summary>
    public static void Run<T>(T* dy, T* x, T* dw, in ConvGeometry g, int block0, int block1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsSupported) Run<T, Vector512<T>, Simd512<T>>(dy, x, dw, g, block0, block1);
        else Run<T, Vector256<T>, Simd256<T>>(dy, x, dw, g, block0, block1);
    }

    private static void Run<T, TV, TS>(T* dy, T* x, T* dw, in ConvGeometry g, int block0, int block1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : unmanaged where TS : ISimd<TV, T>
    {
        var channels = ChannelsOf<T, TV>();
        var channelBlocks = (g.OutChannels + channels - 1) / channels;
        var length = (block1 - block0) * channelBlocks * channels * Entries;
        var sums = ArrayPool<TV>.Shared.Rent(length);
        Array.Clear(sums, 0, length);
        var padLength = DirectConv.PaddedLength<T>(g);
        var padded = ArrayPool<T>.Shared.Rent(padLength);
        Array.Clear(padded, 0, padLength);
        fixed (TV* start = sums)
        fixed (T* pad = padded)
        {
            for (var b = 0; b < g.Batch; b++)
            {
                DirectConv.Pad(x + (long)b * g.ImageSize, pad, g);
                var s = start;
                for (var tb = block0; tb < block1; tb++)
                    for (var o0 = 0; o0 < g.OutChannels; o0 += channels, s += channels * Entries)
                        if (channels == Channels) Block<T, TV, TS>(dy + (long)b * g.OutImageSize, pad, g, o0, tb * Entries, s);
                        else Block2<T, TV, TS>(dy + (long)b * g.OutImageSize, pad, g, o0, tb * Entries, s);
            }
            var done = start;
            for (var tb = block0; tb < block1; tb++)
                for (var o0 = 0; o0 < g.OutChannels; o0 += channels, done += channels * Entries)
                    for (var r = 0; r < channels && o0 + r < g.OutChannels; r++)
                        for (var e = 0; e < Entries && tb * Entries + e < g.Patch; e++)
                            dw[(long)(o0 + r) * g.Patch + tb * Entries + e] = TS.Sum(done[r * Entries + e]);
        }
        ArrayPool<T>.Shared.Return(padded);
        ArrayPool<TV>.Shared.Return(sums);
    }

    /// <summary>
    /// Output channels per register block: 3 (15 sums) in AVX-512's 32 registers, 2 (10 sums) in AVX2's 16, where 15
    /// sums and their operands would not fit.
    /// </summary>
    private static int ChannelsOf<T, TV>() where T : unmanaged where TV : unmanaged => typeof(TV) == typeof(Vector512<T>) ? Channels : 2;

    /// <summary>Where entry t = (c, i, j) reads the padded image for output pixel (0, 0).</summary>
    private static int EntryAt(int t, in ConvGeometry g) =>
        (t / (g.KernelH * g.KernelW) * (g.Height + 2 * g.Padding) + t / g.KernelW % g.KernelH) * (g.Width + 2 * g.Padding) + t % g.KernelW;

    /// <summary>
    /// Adds one image's part of dW[o0..o0+3, t0..t0+5] to the 15 sums at <paramref name="s"/> (row-major, 3 × 5).
    /// Channels and entries past the last repeat the last one (their sums are never stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // its own inlining budget, as DirectConv's lines
    private static void Block<T, TV, TS>(T* dy, T* pad, in ConvGeometry g, int o0, int t0, TV* s)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : unmanaged where TS : ISimd<TV, T>
    {
        int L = TS.Count, ow = g.OutWidth, wp = g.Width + 2 * g.Padding, pixels = g.Pixels, cout = g.OutChannels, last = g.Patch - 1;
        int o1 = Math.Min(o0 + 1, cout - 1), o2 = Math.Min(o0 + 2, cout - 1);
        TV s00 = s[0], s01 = s[1], s02 = s[2], s03 = s[3], s04 = s[4];
        TV s10 = s[5], s11 = s[6], s12 = s[7], s13 = s[8], s14 = s[9];
        TV s20 = s[10], s21 = s[11], s22 = s[12], s23 = s[13], s24 = s[14];
        T* d0 = dy + (long)o0 * pixels, d1 = dy + (long)o1 * pixels, d2 = dy + (long)o2 * pixels;
        T* x0 = pad + EntryAt(t0, g), x1 = pad + EntryAt(Math.Min(t0 + 1, last), g), x2 = pad + EntryAt(Math.Min(t0 + 2, last), g);
        T* x3 = pad + EntryAt(Math.Min(t0 + 3, last), g), x4 = pad + EntryAt(Math.Min(t0 + 4, last), g);
        for (var oy = 0; oy < g.OutHeight; oy++, d0 += ow, d1 += ow, d2 += ow, x0 += wp, x1 += wp, x2 += wp, x3 += wp, x4 += wp)
            for (var q = 0; q < ow; q += L)
            {
                var lanes = TS.FirstLanes(ow - q);
                TV y0 = TS.Load(d0 + q, lanes), y1 = TS.Load(d1 + q, lanes), y2 = TS.Load(d2 + q, lanes);
                var v = TS.Load(x0 + q, lanes);
                s00 = TS.Fma(y0, v, s00); s10 = TS.Fma(y1, v, s10); s20 = TS.Fma(y2, v, s20);
                v = TS.Load(x1 + q, lanes);
                s01 = TS.Fma(y0, v, s01); s11 = TS.Fma(y1, v, s11); s21 = TS.Fma(y2, v, s21);
                v = TS.Load(x2 + q, lanes);
                s02 = TS.Fma(y0, v, s02); s12 = TS.Fma(y1, v, s12); s22 = TS.Fma(y2, v, s22);
                v = TS.Load(x3 + q, lanes);
                s03 = TS.Fma(y0, v, s03); s13 = TS.Fma(y1, v, s13); s23 = TS.Fma(y2, v, s23);
                v = TS.Load(x4 + q, lanes);
                s04 = TS.Fma(y0, v, s04); s14 = TS.Fma(y1, v, s14); s24 = TS.Fma(y2, v, s24);
            }
        (s[0], s[1], s[2], s[3], s[4]) = (s00, s01, s02, s03, s04);
        (s[5], s[6], s[7], s[8], s[9]) = (s10, s11, s12, s13, s14);
        (s[10], s[11], s[12], s[13], s[14]) = (s20, s21, s22, s23, s24);
    }

    /// <summary>As <see cref="Block{T, TV, TS}"/> for 2 channels: dW[o0..o0+2, t0..t0+5] into the 10 sums at <paramref name="s"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Block2<T, TV, TS>(T* dy, T* pad, in ConvGeometry g, int o0, int t0, TV* s)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> where TV : unmanaged where TS : ISimd<TV, T>
    {
        int L = TS.Count, ow = g.OutWidth, wp = g.Width + 2 * g.Padding, pixels = g.Pixels, cout = g.OutChannels, last = g.Patch - 1;
        TV s00 = s[0], s01 = s[1], s02 = s[2], s03 = s[3], s04 = s[4];
        TV s10 = s[5], s11 = s[6], s12 = s[7], s13 = s[8], s14 = s[9];
        T* d0 = dy + (long)o0 * pixels, d1 = dy + (long)Math.Min(o0 + 1, cout - 1) * pixels;
        T* x0 = pad + EntryAt(t0, g), x1 = pad + EntryAt(Math.Min(t0 + 1, last), g), x2 = pad + EntryAt(Math.Min(t0 + 2, last), g);
        T* x3 = pad + EntryAt(Math.Min(t0 + 3, last), g), x4 = pad + EntryAt(Math.Min(t0 + 4, last), g);
        var full = ow / L * L;
        var tail = TS.FirstLanes(ow - full);
        for (var oy = 0; oy < g.OutHeight; oy++, d0 += ow, d1 += ow, x0 += wp, x1 += wp, x2 += wp, x3 += wp, x4 += wp)
        {
            for (var q = 0; q < full; q += L)     // whole vectors, by plain loads (masked ones are slow on AMD)
            {
                TV y0 = TS.Load(d0 + q), y1 = TS.Load(d1 + q);
                var v = TS.Load(x0 + q);
                s00 = TS.Fma(y0, v, s00); s10 = TS.Fma(y1, v, s10);
                v = TS.Load(x1 + q);
                s01 = TS.Fma(y0, v, s01); s11 = TS.Fma(y1, v, s11);
                v = TS.Load(x2 + q);
                s02 = TS.Fma(y0, v, s02); s12 = TS.Fma(y1, v, s12);
                v = TS.Load(x3 + q);
                s03 = TS.Fma(y0, v, s03); s13 = TS.Fma(y1, v, s13);
                v = TS.Load(x4 + q);
                s04 = TS.Fma(y0, v, s04); s14 = TS.Fma(y1, v, s14);
            }
            if (full < ow)
            {
                TV y0 = TS.Load(d0 + full, tail), y1 = TS.Load(d1 + full, tail);
                var v = TS.Load(x0 + full, tail);
                s00 = TS.Fma(y0, v, s00); s10 = TS.Fma(y1, v, s10);
                v = TS.Load(x1 + full, tail);
                s01 = TS.Fma(y0, v, s01); s11 = TS.Fma(y1, v, s11);
                v = TS.Load(x2 + full, tail);
                s02 = TS.Fma(y0, v, s02); s12 = TS.Fma(y1, v, s12);
                v = TS.Load(x3 + full, tail);
                s03 = TS.Fma(y0, v, s03); s13 = TS.Fma(y1, v, s13);
                v = TS.Load(x4 + full, tail);
                s04 = TS.Fma(y0, v, s04); s14 = TS.Fma(y1, v, s14);
            }
        }
        (s[0], s[1], s[2], s[3], s[4]) = (s00, s01, s02, s03, s04);
        (s[5], s[6], s[7], s[8], s[9]) = (s10, s11, s12, s13, s14);
    }
}
