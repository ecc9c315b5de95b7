using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// col2im at stride 1 with AVX-512, a vector of an image line at a time: the line (c, y) gathers, in registers, the
/// cols lines (c, i, j) at output row y − i + p, each shifted by j − p (masked loads, whose lanes outside the output
/// line are zero and are not read), in the order col2im adds them, then is stored once, instead of being added to
/// once per cols line. Starting from +0 as col2im does, the sum never becomes −0, so the zeros of the masked lanes
/// leave it as it is: the bits are col2im's.
/// </summary>
internal static unsafe class Folding
{
    /// <summary>Whether it runs: AVX-512 and stride 1. (With AVX2, whose masked loads are slow on AMD, col2im's line by line additions are faster.)</summary>
    public static bool Applies<T>(in ConvGeometry g) where T : unmanaged => Simd512<T>.IsSupported && g.Stride == 1;

    /// <summary>
    /// image[c, y, x] = Σ_{i, j} cols[(c·kh + i)·kw + j, (y − i + p)·ow + x − j + p] over the entries that exist; cols rows
    /// ld apart. Four lines at a time, so that four chains of additions overlap (one alone waits on each addition).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // its own inlining budget, as the other kernels' bodies
    public static void Stride1<T>(T* cols, T* image, in ConvGeometry g, int ld) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int L = Vector512<T>.Count, oh = g.OutHeight, ow = g.OutWidth, h = g.Height, w = g.Width, p = g.Padding, kh = g.KernelH, kw = g.KernelW;
        for (var c = 0; c < g.Channels; c++)
            for (var y = 0; y < h; y += 4)
                for (var x0 = 0; x0 < w; x0 += L)
                {
                    Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
                    for (var i = 0; i < kh; i++)
                    {
                        var oy = y - i + p;      // output row of line y; lines y + 1.. read the next ones
                        T* line = cols + (long)(c * kh + i) * kw * ld + (long)oy * ow;
                        bool r0 = Has(oy, oh, y, h), r1 = Has(oy + 1, oh, y + 1, h), r2 = Has(oy + 2, oh, y + 2, h), r3 = Has(oy + 3, oh, y + 3, h);
                        for (var j = 0; j < kw; j++, line += ld)
                        {
                            var from = x0 - j + p;     // lane l holds output ox = from + l
                            var lanes = Simd512<T>.Between(-from, Math.Min(ow - from, w - x0));
                            T* at = line + from;
                            if (r0) s0 += Simd512<T>.Load(at, lanes);
                            if (r1) s1 += Simd512<T>.Load(at + ow, lanes);
                            if (r2) s2 += Simd512<T>.Load(at + 2 * ow, lanes);
                            if (r3) s3 += Simd512<T>.Load(at + 3 * ow, lanes);
                        }
                    }
                    var dst = image + (long)(c * h + y) * w + x0;
                    var n = Math.Min(L, w - x0);
                    Simd512<T>.Put(s0, dst, n);
                    if (y + 1 < h) Simd512<T>.Put(s1, dst + w, n);
                    if (y + 2 < h) Simd512<T>.Put(s2, dst + 2 * w, n);
                    if (y + 3 < h) Simd512<T>.Put(s3, dst + 3 * w, n);
                }
    }

    /// <summary>Whether image line y exists and reads output row oy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Has(int oy, int oh, int y, int h) => (uint)oy < (uint)oh && y < h;
}
