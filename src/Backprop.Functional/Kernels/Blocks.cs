using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Copies of blocks along the middle axis of a tensor seen as [outer, n, inner] (slicing and concatenation).</summary>
public static class Blocks
{
    /// <summary>dst[o, :, :] = src[o, start..start + count, :]; src is [outer, n, inner], dst [outer, count, inner].</summary>
    public static void Slice<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int n, int inner, int start, int count)
        where T : unmanaged
    {
        for (var o = 0; o < outer; o++)
            src.Slice((o * n + start) * inner, count * inner).CopyTo(dst.Slice(o * count * inner, count * inner));
    }

    /// <summary>dst[o, start..start + count, :] = src[o, :, :]; the rest of dst is left as it is.</summary>
    public static void Place<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int n, int inner, int start, int count)
        where T : unmanaged
    {
        for (var o = 0; o < outer; o++)
            src.Slice(o * count * inner, count * inner).CopyTo(dst.Slice((o * n + start) * inner, count * inner));
    }
}
