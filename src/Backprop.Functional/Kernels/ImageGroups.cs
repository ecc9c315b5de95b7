using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// The im2col convolution's products for a few images at once, where one image's pixels fill the GEMM's column
/// panels badly (100 pixels take four panels of 32, the last with 4): the images' columns side by side make one
/// product [cout or patch, group·pixels], whose panels are full. Each element of C is the same FMA chain as in the
/// product of its image alone (the chain runs over the reduction, which grouping does not touch), so the results
/// have the bits of one product per image, for any group and thread count.
/// </summary>
internal static unsafe class ImageGroups
{
    private const int MaxColumns = 1024;          // more columns than this gain no fuller panels
    private const int CacheBytes = 768 * 1024;    // a group's columns and products stay in L2 (1 MB here)

    /// <summary>
    /// How many images a product takes: of the groups whose columns and product fit <see cref="CacheBytes"/>, the one
    /// that leaves the least of its last panel empty (the smallest, on ties); 1 where a single image's columns take
    /// the narrow path (a group would not: its bits would differ) or neither the permuted nor the blended unrolling applies.
    /// </summary>
    public static int Size<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var panel = Gemm.PanelWidth<T>();
        if (2 * g.Pixels <= panel || !Unroller<T>.Vectorised(g)) return 1;
        var most = Math.Min(MaxColumns / g.Pixels, CacheBytes / ((long)(g.Patch + g.OutChannels) * g.Pixels * sizeof(T)));
        var (best, fill) = (1, 0.0);
        for (var n = 1; n <= Math.Min(most, g.Batch); n++)
        {
            var columns = n * g.Pixels;
            var f = columns / (double)((columns + panel - 1) / panel * panel);
            if (f > fill) (best, fill) = (n, f);
        }
        return best;
    }

    /// <summary>The work one part needs for groups of <paramref name="size"/>: the group's columns and its product.</summary>
    public static int WorkSize(in ConvGeometry g, int size) => size * (g.Patch + g.OutChannels) * g.Pixels;

    /// <summary>y[b] = W·im2col(x[b]) for b in [b0, b1), <paramref name="size"/> images per product, in <paramref name="work"/> (see <see cref="WorkSize"/>).</summary>
    public static void Forward<T>(T* x, T* w, T* y, T* work, in ConvGeometry g, int size, int b0, int b1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int patch = g.Patch, cout = g.OutChannels, pixels = g.Pixels;
        T* cols = work, product = work + (long)size * patch * pixels;
        using var unroll = new Unroller<T>(g);
        for (var b = b0; b < b1; b += size)
        {
            var n = Math.Min(size, b1 - b);
            var ld = n * pixels;
            for (var i = 0; i < n; i++)
                unroll.Rows(new ReadOnlySpan<T>(x + (long)(b + i) * g.ImageSize, (g.Batch - b - i) * g.ImageSize), new Span<T>(cols + i * pixels, patch * ld), 0, patch, ld);
            Gemm.Multiply(new ReadOnlySpan<T>(w, cout * patch), false, new ReadOnlySpan<T>(cols, patch * ld), false,
                new Span<T>(product, cout * ld), cout, ld, patch);
            for (var i = 0; i < n; i++)
                for (var r = 0; r < cout; r++)
                    new ReadOnlySpan<T>(product + r * ld + i * pixels, pixels).CopyTo(new Span<T>(y + (long)(b + i) * g.OutImageSize + r * pixels, pixels));
        }
    }

    /// <summary>dx[b] = col2im(Wᵀ·dy[b]) for b in [b0, b1), <paramref name="size"/> images per product, in <paramref name="work"/>.</summary>
    public static void BackwardInput<T>(T* dy, T* w, T* dx, T* work, in ConvGeometry g, int size, int b0, int b1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int patch = g.Patch, cout = g.OutChannels, pixels = g.Pixels;
        T* gradients = work, cols = work + (long)size * cout * pixels;
        for (var b = b0; b < b1; b += size)
        {
            var n = Math.Min(size, b1 - b);
            var ld = n * pixels;
            for (var i = 0; i < n; i++)
                for (var r = 0; r < cout; r++)
                    new ReadOnlySpan<T>(dy + (long)(b + i) * g.OutImageSize + r * pixels, pixels).CopyTo(new Span<T>(gradients + r * ld + i * pixels, pixels));
            Gemm.Multiply(new ReadOnlySpan<T>(w, cout * patch), true, new ReadOnlySpan<T>(gradients, cout * ld), false,
                new Span<T>(cols, patch * ld), patch, ld, cout);
            for (var i = 0; i < n; i++)
                Convolution.Col2ImStrided(new ReadOnlySpan<T>(cols + i * pixels, (patch - 1) * ld + pixels),
                    new Span<T>(dx + (long)(b + i) * g.ImageSize, g.ImageSize), g, ld);
        }
    }
}
