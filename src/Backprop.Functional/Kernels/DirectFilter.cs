using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// The filter gradient of a layer whose forward pass <see cref="DirectConv"/> computes, from the padded images rather
/// than their unrolled columns: dW[o, t] = Σ_b Σ_oy Σ_ox dy[b, o, oy, ox]·xpad[b, c, oy + i, ox + j] for t = (c, i, j),
/// along each output line a vector at a time (the last one masked), 3 channels × 5 entries (a row of a 5×5 kernel) of sums per register block.
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
        var channelBlocks = (g.OutChannels + Channels - 1) / Channels;
        var length = (block1 - block0) * channelBlocks * Channels * Entries;
        var sums = ArrayPool<Vector512<T>>.Shared.Rent(length);
        Array.Clear(sums, 0, length);
        var padLength = DirectConv.PaddedLength<T>(g);
        var padded = ArrayPool<T>.Shared.Rent(padLength);
        Array.Clear(padded, 0, padLength);
        fixed (Vector512<T>* start = sums)
        fixed (T* pad = padded)
        {
            for (var b = 0; b < g.Batch; b++)
            {
                DirectConv.Pad(x + (long)b * g.ImageSize, pad, g);
                var s = start;
                for (var tb = block0; tb < block1; tb++)
                    for (var o0 = 0; o0 < g.OutChannels; o0 += Channels, s += Channels * Entries)
                        Block(dy + (long)b * g.OutImageSize, pad, g, o0, tb * Entries, s);
            }
            var done = start;
            for (var tb = block0; tb < block1; tb++)
                for (var o0 = 0; o0 < g.OutChannels; o0 += Channels, done += Channels * Entries)
                    for (var r = 0; r < Channels && o0 + r < g.OutChannels; r++)
                        for (var e = 0; e < Entries && tb * Entries + e < g.Patch; e++)
                            dw[(long)(o0 + r) * g.Patch + tb * Entries + e] = Vector512.Sum(done[r * Entries + e]);
        }
        ArrayPool<T>.Shared.Return(padded);
        ArrayPool<Vector512<T>>.Shared.Return(sums);
    }

    /// <summary>Where entry t = (c, i, j) reads the padded image for output pixel (0, 0).</summary>
    private static int EntryAt(int t, in ConvGeometry g) =>
        (t / (g.KernelH * g.KernelW) * (g.Height + 2 * g.Padding) + t / g.KernelW % g.KernelH) * (g.Width + 2 * g.Padding) + t % g.KernelW;

    /// <summary>
    /// Adds one image's part of dW[o0..o0+3, t0..t0+5] to the 15 sums at <paramref name="s"/> (row-major, 3 × 5).
    /// Channels and entries past the last repeat the last one (their sums are never stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // its own inlining budget, as DirectConv's lines
    private static void Block<T>(T* dy, T* pad, in ConvGeometry g, int o0, int t0, Vector512<T>* s)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int L = Vector512<T>.Count, ow = g.OutWidth, wp = g.Width + 2 * g.Padding, pixels = g.Pixels, cout = g.OutChannels, last = g.Patch - 1;
        int o1 = Math.Min(o0 + 1, cout - 1), o2 = Math.Min(o0 + 2, cout - 1);
        Vector512<T> s00 = s[0], s01 = s[1], s02 = s[2], s03 = s[3], s04 = s[4];
        Vector512<T> s10 = s[5], s11 = s[6], s12 = s[7], s13 = s[8], s14 = s[9];
        Vector512<T> s20 = s[10], s21 = s[11], s22 = s[12], s23 = s[13], s24 = s[14];
        T* d0 = dy + (long)o0 * pixels, d1 = dy + (long)o1 * pixels, d2 = dy + (long)o2 * pixels;
        T* x0 = pad + EntryAt(t0, g), x1 = pad + EntryAt(Math.Min(t0 + 1, last), g), x2 = pad + EntryAt(Math.Min(t0 + 2, last), g);
        T* x3 = pad + EntryAt(Math.Min(t0 + 3, last), g), x4 = pad + EntryAt(Math.Min(t0 + 4, last), g);
        for (var oy = 0; oy < g.OutHeight; oy++, d0 += ow, d1 += ow, d2 += ow, x0 += wp, x1 += wp, x2 += wp, x3 += wp, x4 += wp)
            for (var q = 0; q < ow; q += L)
            {
                var lanes = DirectConv.Lanes<T>(ow - q);
                Vector512<T> y0 = DirectConv.Load(d0 + q, lanes), y1 = DirectConv.Load(d1 + q, lanes), y2 = DirectConv.Load(d2 + q, lanes);
                var v = DirectConv.Load(x0 + q, lanes);
                s00 = DirectConv.Fma(y0, v, s00); s10 = DirectConv.Fma(y1, v, s10); s20 = DirectConv.Fma(y2, v, s20);
                v = DirectConv.Load(x1 + q, lanes);
                s01 = DirectConv.Fma(y0, v, s01); s11 = DirectConv.Fma(y1, v, s11); s21 = DirectConv.Fma(y2, v, s21);
                v = DirectConv.Load(x2 + q, lanes);
                s02 = DirectConv.Fma(y0, v, s02); s12 = DirectConv.Fma(y1, v, s12); s22 = DirectConv.Fma(y2, v, s22);
                v = DirectConv.Load(x3 + q, lanes);
                s03 = DirectConv.Fma(y0, v, s03); s13 = DirectConv.Fma(y1, v, s13); s23 = DirectConv.Fma(y2, v, s23);
                v = DirectConv.Load(x4 + q, lanes);
                s04 = DirectConv.Fma(y0, v, s04); s14 = DirectConv.Fma(y1, v, s14); s24 = DirectConv.Fma(y2, v, s24);
            }
        (s[0], s[1], s[2], s[3], s[4]) = (s00, s01, s02, s03, s04);
        (s[5], s[6], s[7], s[8], s[9]) = (s10, s11, s12, s13, s14);
        (s[10], s[11], s[12], s[13], s[14]) = (s20, s21, s22, s23, s24);
    }
}
