using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// The filter gradient of a layer with few output channels, dW[o, t] = Σ_b Σ_q dy[b, o, q]·cols[b, t, q], as dot
/// products along the pixels: both operands are read along q, a vector of pixels at a time, so every lane does work
/// (a product with C only a few columns wide fills a fraction of each vector). A block of 3 channels × 4 patch entries
/// keeps 12 sums in registers while it reads an image, then adds each one's lanes after the last. Each element's sum
/// has the same order whichever thread computes its block, so the result does not depend on the thread count.
/// </summary>
internal static unsafe class FilterDots
{
    private const int Channels = 3, Entries = 4;

    /// <summary>Whether dW is computed this way: at most 8 output channels and whole vectors of pixels per image.</summary>
    public static bool Fits<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        && g.OutChannels <= 8 && g.Pixels % Vector256<T>.Count == 0;

    /// <summary>
    /// dW[o, t] for t in the entry blocks [block0, block1) of <see cref="Entries"/> (the last one may be partial). The
    /// images are the outer loop: each image's rows of those entries are unrolled into <paramref name="work"/> and read
    /// from cache by all of the blocks; each block's 12 sums wait in a small buffer between images (in L1), and the
    /// lanes are added once, after the last image.
    /// </summary>
    public static void Run<T>(T* dy, T* x, T* work, T* dw, in ConvGeometry g, int block0, int block1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var channelBlocks = (g.OutChannels + Channels - 1) / Channels;
        var length = (block1 - block0) * channelBlocks * Channels * Entries;
        int row0 = block0 * Entries, row1 = Math.Min(block1 * Entries, g.Patch);
        var rows = new Span<T>(work, (row1 - row0) * g.Pixels);
        var sums = ArrayPool<Vector256<T>>.Shared.Rent(length);
        Array.Clear(sums, 0, length);
        using var unroll = new Unroller<T>(g);
        fixed (Vector256<T>* start = sums)
        {
            for (var b = 0; b < g.Batch; b++)
            {
                unroll.Rows(new ReadOnlySpan<T>(x + (long)b * g.ImageSize, (g.Batch - b) * g.ImageSize), rows, row0, row1);
                var s = start;
                for (var tb = block0; tb < block1; tb++)
                    for (var o0 = 0; o0 < g.OutChannels; o0 += Channels, s += Channels * Entries)
                        Block(dy + (long)b * g.OutImageSize, work, g, row0, row1, o0, tb * Entries, s);
            }
            var done = start;
            for (var tb = block0; tb < block1; tb++)
                for (var o0 = 0; o0 < g.OutChannels; o0 += Channels, done += Channels * Entries)
                    for (var r = 0; r < Channels && o0 + r < g.OutChannels; r++)
                        for (var e = 0; e < Entries && tb * Entries + e < g.Patch; e++)
                            dw[(long)(o0 + r) * g.Patch + tb * Entries + e] = Vector256.Sum(done[r * Entries + e]);
        }
        ArrayPool<Vector256<T>>.Shared.Return(sums);
    }

    /// <summary>The number of entry blocks of <see cref="Run{T}"/>.</summary>
    public static int Blocks(in ConvGeometry g) => (g.Patch + Entries - 1) / Entries;

    /// <summary>
    /// Adds one image's part of dW[o0..o0+3, t0..t0+4] to the 12 sums at <paramref name="s"/> (row-major, 3 × 4), from
    /// its dy and its patch rows [row0, row1) unrolled at <paramref name="rows"/>. Channels and entries past the last
    /// read the last one's rows again (their sums are never stored), so a partial block runs the same instructions as
    /// a whole one.
    /// </summary>
    private static void Block<T>(T* dy, T* rows, in ConvGeometry g, int row0, int row1, int o0, int t0, Vector256<T>* s)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int pixels = g.Pixels, cout = g.OutChannels, w = Vector256<T>.Count, last = row1 - 1;
        int o1 = Math.Min(o0 + 1, cout - 1), o2 = Math.Min(o0 + 2, cout - 1);
        int t1 = Math.Min(t0 + 1, last), t2 = Math.Min(t0 + 2, last), t3 = Math.Min(t0 + 3, last);
        Vector256<T> s00 = s[0], s01 = s[1], s02 = s[2], s03 = s[3];
        Vector256<T> s10 = s[4], s11 = s[5], s12 = s[6], s13 = s[7];
        Vector256<T> s20 = s[8], s21 = s[9], s22 = s[10], s23 = s[11];
        T* d0 = dy + (long)o0 * pixels, d1 = dy + (long)o1 * pixels, d2 = dy + (long)o2 * pixels;
        T* c0 = rows + (long)(t0 - row0) * pixels, c1 = rows + (long)(t1 - row0) * pixels;
        T* c2 = rows + (long)(t2 - row0) * pixels, c3 = rows + (long)(t3 - row0) * pixels;
        for (var q = 0; q < pixels; q += w)
        {
            Vector256<T> y0 = Vector256.Load(d0 + q), y1 = Vector256.Load(d1 + q), y2 = Vector256.Load(d2 + q);
            var x = Vector256.Load(c0 + q);
            s00 = Fma(y0, x, s00); s10 = Fma(y1, x, s10); s20 = Fma(y2, x, s20);
            x = Vector256.Load(c1 + q);
            s01 = Fma(y0, x, s01); s11 = Fma(y1, x, s11); s21 = Fma(y2, x, s21);
            x = Vector256.Load(c2 + q);
            s02 = Fma(y0, x, s02); s12 = Fma(y1, x, s12); s22 = Fma(y2, x, s22);
            x = Vector256.Load(c3 + q);
            s03 = Fma(y0, x, s03); s13 = Fma(y1, x, s13); s23 = Fma(y2, x, s23);
        }
        (s[0], s[1], s[2], s[3]) = (s00, s01, s02, s03);
        (s[4], s[5], s[6], s[7]) = (s10, s11, s12, s13);
        (s[8], s[9], s[10], s[11]) = (s20, s21, s22, s23);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged => typeof(T) == typeof(float)
        ? Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
        : Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
}
