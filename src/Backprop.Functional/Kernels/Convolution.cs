using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, as in every deep-learning library) by im2col: each image is
/// unrolled into a [patch, pixels] matrix whose columns are the receptive fields, so the convolution
/// is one GEMM per image, W[cout, patch]·cols[patch, pixels]. The pullbacks are two more GEMMs and
/// col2im, the adjoint of im2col (overlapping windows add up).
/// </summary>
public static class Convolution
{
    /// <summary>cols[(c·kh + i)·kw + j, oy·ow + ox] = x[c, oy·s + i − p, ox·s + j − p], zero outside the image.</summary>
    public static void Im2Col<T>(ReadOnlySpan<T> image, Span<T> cols, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, row = 0;
        for (var c = 0; c < g.Channels; c++)
            for (var i = 0; i < g.KernelH; i++)
                for (var j = 0; j < g.KernelW; j++, row++)
                    for (var oy = 0; oy < oh; oy++)
                    {
                        var line = cols.Slice((row * oh + oy) * ow, ow);
                        var y = oy * g.Stride + i - g.Padding;
                        if ((uint)y >= (uint)g.Height) { line.Clear(); continue; }
                        var src = image.Slice((c * g.Height + y) * g.Width, g.Width);
                        for (var ox = 0; ox < ow; ox++)
                        {
                            var x = ox * g.Stride + j - g.Padding;
                            line[ox] = (uint)x < (uint)g.Width ? src[x] : T.Zero;
                        }
                    }
    }

    /// <summary>The adjoint of <see cref="Im2Col{T}"/>: image[c, y, x] = Σ of the cols entries that read it.</summary>
    public static void Col2Im<T>(ReadOnlySpan<T> cols, Span<T> image, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        image[..g.ImageSize].Clear();
        int oh = g.OutHeight, ow = g.OutWidth, row = 0;
        for (var c = 0; c < g.Channels; c++)
            for (var i = 0; i < g.KernelH; i++)
                for (var j = 0; j < g.KernelW; j++, row++)
                    for (var oy = 0; oy < oh; oy++)
                    {
                        var y = oy * g.Stride + i - g.Padding;
                        if ((uint)y >= (uint)g.Height) continue;
                        var line = cols.Slice((row * oh + oy) * ow, ow);
                        var dst = image.Slice((c * g.Height + y) * g.Width, g.Width);
                        for (var ox = 0; ox < ow; ox++)
                        {
                            var x = ox * g.Stride + j - g.Padding;
                            if ((uint)x < (uint)g.Width) dst[x] += line[ox];
                        }
                    }
    }

    /// <summary>y[b] = W·im2col(x[b]) for every image; the unrolled images are left in <paramref name="cols"/> for the filter pullback.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, Span<T> y, Span<T> cols, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var colSize = g.Patch * g.Pixels;
        for (var b = 0; b < g.Batch; b++)
        {
            var col = cols.Slice(b * colSize, colSize);
            Im2Col(x.Slice(b * g.ImageSize, g.ImageSize), col, g);
            Gemm.Multiply(w, false, col, false, y.Slice(b * g.OutImageSize, g.OutImageSize), g.OutChannels, g.Pixels, g.Patch);
        }
    }

    /// <summary>dx[b] = col2im(Wᵀ·dy[b]); <paramref name="dcols"/> is a work buffer of at least patch·pixels elements.</summary>
    public static void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, Span<T> dcols, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        dcols = dcols[..(g.Patch * g.Pixels)];
        for (var b = 0; b < g.Batch; b++)
        {
            Gemm.Multiply(w, true, dy.Slice(b * g.OutImageSize, g.OutImageSize), false, dcols, g.Patch, g.Pixels, g.OutChannels);
            Col2Im<T>(dcols, dx.Slice(b * g.ImageSize, g.ImageSize), g);
        }
    }

    /// <summary>dW = Σ_b dy[b]·cols[b]ᵀ, summed over the batch in order (so the result does not depend on threads).</summary>
    public static void BackwardFilter<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> cols, Span<T> dw, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var colSize = g.Patch * g.Pixels;
        dw[..(g.OutChannels * g.Patch)].Clear();
        for (var b = 0; b < g.Batch; b++)
            Gemm.Multiply(dy.Slice(b * g.OutImageSize, g.OutImageSize), false, cols.Slice(b * colSize, colSize), true, dw,
                g.OutChannels, g.Patch, g.Pixels, accumulate: true);
    }
}
