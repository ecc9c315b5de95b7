using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

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
        if (g.Stride == 1)
        {
            Im2ColStride1(image, cols, g);
            return;
        }
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

    /// <summary>
    /// Im2Col at stride 1: each cols row (c, i, j) is the image channel shifted by (i − p, j − p), so the outputs that
    /// read inside the image form one rectangle [oyFrom, oyTo) × [from, to), copied line by line; the rest is zero.
    /// </summary>
    private static unsafe void Im2ColStride1<T>(ReadOnlySpan<T> image, Span<T> cols, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, h = g.Height, w = g.Width, p = g.Padding;
        Need(image, g.ImageSize, nameof(image));
        Need(cols, (long)g.Patch * oh * ow, nameof(cols));
        fixed (T* x = image, start = cols)
        {
            var block = start;
            for (var c = 0; c < g.Channels; c++)
                for (var i = 0; i < g.KernelH; i++)
                {
                    var (oyFrom, oyTo) = Inside(i - p, oh, h);
                    for (var j = 0; j < g.KernelW; j++, block += oh * ow)
                    {
                        var (from, to) = Inside(j - p, ow, w);
                        if (oyFrom > 0) new Span<T>(block, oyFrom * ow).Clear();
                        if (oyTo < oh) new Span<T>(block + oyTo * ow, (oh - oyTo) * ow).Clear();
                        var src = x + (c * h + oyFrom + i - p) * w + from + j - p;
                        var line = block + oyFrom * ow;
                        for (var oy = oyFrom; oy < oyTo; oy++, src += w, line += ow)
                        {
                            for (var x0 = 0; x0 < from; x0++) line[x0] = T.Zero;   // a padding column or two: no memset call
                            for (var x1 = to; x1 < ow; x1++) line[x1] = T.Zero;
                            ShortRows.Copy(src, line + from, to - from);
                        }
                    }
                }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col{T}"/>: image[c, y, x] = Σ of the cols entries that read it.</summary>
    public static void Col2Im<T>(ReadOnlySpan<T> cols, Span<T> image, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        image[..g.ImageSize].Clear();
        if (g.Stride == 1)
        {
            Col2ImStride1(cols, image, g);
            return;
        }
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

    /// <summary>Col2Im at stride 1: as in <see cref="Im2ColStride1{T}"/>, the entries of cols row (c, i, j) that read the image form one rectangle.</summary>
    private static unsafe void Col2ImStride1<T>(ReadOnlySpan<T> cols, Span<T> image, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, h = g.Height, w = g.Width, p = g.Padding;
        Need(cols, (long)g.Patch * oh * ow, nameof(cols));
        fixed (T* start = cols, x = image)
        {
            var block = start;
            for (var c = 0; c < g.Channels; c++)
                for (var i = 0; i < g.KernelH; i++)
                {
                    var (oyFrom, oyTo) = Inside(i - p, oh, h);
                    for (var j = 0; j < g.KernelW; j++, block += oh * ow)
                    {
                        var (from, to) = Inside(j - p, ow, w);
                        var dst = x + (c * h + oyFrom + i - p) * w + from + j - p;
                        var line = block + oyFrom * ow + from;
                        for (var oy = oyFrom; oy < oyTo; oy++, dst += w, line += ow) ShortRows.Add(line, dst, to - from);
                    }
                }
        }
    }

    /// <summary>The outputs ox in [0, outputs) whose input ox + shift lies in [0, width), as [from, to) (empty: from = to).</summary>
    private static (int From, int To) Inside(int shift, int outputs, int width)
    {
        var from = Math.Clamp(-shift, 0, outputs);
        return (from, Math.Max(from, Math.Min(outputs, width - shift)));
    }

    /// <summary>
    /// y[b] = W·im2col(x[b]) for every image; the unrolled images are left in <paramref name="cols"/> for the filter
    /// pullback. The images are shared among the kernel's threads (each writes only its own y[b] and cols[b]).
    /// </summary>
    public static unsafe void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, Span<T> y, Span<T> cols, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var geometry = g;
        var colSize = g.Patch * g.Pixels;
        Need(x, g.Batch * g.ImageSize, nameof(x));
        Need(w, g.OutChannels * g.Patch, nameof(w));
        Need(y, g.Batch * g.OutImageSize, nameof(y));
        Need(cols, g.Batch * colSize, nameof(cols));
        fixed (T* px = x, pw = w, py = y, pc = cols)
        {
            var (ax, aw, ay, ac) = ((nint)px, (nint)pw, (nint)py, (nint)pc);
            ParallelRange.For(g.Batch, ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch), (_, b0, b1) =>
            {
                for (var b = b0; b < b1; b++)
                {
                    var col = new Span<T>((T*)ac + (long)b * colSize, colSize);
                    Im2Col(new ReadOnlySpan<T>((T*)ax + (long)b * geometry.ImageSize, geometry.ImageSize), col, geometry);
                    Gemm.Multiply(new ReadOnlySpan<T>((T*)aw, geometry.OutChannels * geometry.Patch), false, col, false,
                        new Span<T>((T*)ay + (long)b * geometry.OutImageSize, geometry.OutImageSize), geometry.OutChannels, geometry.Pixels, geometry.Patch);
                }
            });
        }
    }

    /// <summary>The length of the work buffer <see cref="BackwardInput{T}"/> uses in full: patch·pixels per thread it may run on.</summary>
    public static int InputWorkSize(in ConvGeometry g) =>
        ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch) * g.Patch * g.Pixels;

    /// <summary>
    /// dx[b] = col2im(Wᵀ·dy[b]); <paramref name="dcols"/> is a work buffer of at least patch·pixels elements, and
    /// <see cref="InputWorkSize"/> lets every thread have its own (with less, fewer threads share the images).
    /// </summary>
    public static unsafe void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, Span<T> dcols, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var geometry = g;
        var colSize = g.Patch * g.Pixels;
        Need(dy, g.Batch * g.OutImageSize, nameof(dy));
        Need(w, g.OutChannels * g.Patch, nameof(w));
        Need(dx, g.Batch * g.ImageSize, nameof(dx));
        Need(dcols, colSize, nameof(dcols));
        var parts = Math.Min(ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch), dcols.Length / Math.Max(1, colSize));
        fixed (T* pdy = dy, pw = w, pdx = dx, pc = dcols)
        {
            var (ady, aw, adx, ac) = ((nint)pdy, (nint)pw, (nint)pdx, (nint)pc);
            ParallelRange.For(g.Batch, parts, (part, b0, b1) =>
            {
                var work = new Span<T>((T*)ac + (long)part * colSize, colSize);
                for (var b = b0; b < b1; b++)
                {
                    Gemm.Multiply(new ReadOnlySpan<T>((T*)aw, geometry.OutChannels * geometry.Patch), true,
                        new ReadOnlySpan<T>((T*)ady + (long)b * geometry.OutImageSize, geometry.OutImageSize), false, work,
                        geometry.Patch, geometry.Pixels, geometry.OutChannels);
                    Col2Im<T>(work, new Span<T>((T*)adx + (long)b * geometry.ImageSize, geometry.ImageSize), geometry);
                }
            });
        }
    }

    private static void Need<T>(ReadOnlySpan<T> span, long length, string name)
    {
        if (span.Length < length) TooShort(span.Length, length, name);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]   // the message is built out of line, so the kernels that check stay small
    private static void TooShort(int actual, long length, string name) =>
        throw new ArgumentException($"{name} has {actual} elements; the geometry needs {length}", name);

    /// <summary>
    /// The rows of dWᵀ a thread of <see cref="BackwardFilter{T}"/> takes at a time: a multiple of every micro-kernel's
    /// panel height, so each element is computed by the same instructions however the rows are shared.
    /// </summary>
    private const int FilterColumns = 32;

    /// <summary>
    /// dW = Σ_b dy[b]·cols[b]ᵀ, summed over the batch in order. The product's transposed operand is packed, so the
    /// smaller of dy[b] (out channels × pixels) and cols[b] (patch × pixels) is the one transposed: usually dy, and then
    /// dW is computed as its transpose Σ_b cols[b]·dy[b]ᵀ, cols[b] read in place (its rows are dWᵀ's rows); a layer with
    /// few output channels takes the narrow product, or, with at most 8 of them, <see cref="FilterDots"/> (dot products
    /// along the pixels, which fill every lane; their sums are in another order). Each element is the same FMA chain either way round, so dW has the
    /// bits of the direct product. Threads share dWᵀ's rows in blocks of <see cref="FilterColumns"/>, each summing its
    /// own over the whole batch, so the result does not depend on threads (the direct way, for a layer with more output
    /// channels than patch entries, runs on one thread).
    /// </summary>
    public static unsafe void BackwardFilter<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> cols, Span<T> dw, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var geometry = g;
        Need(dy, g.Batch * g.OutImageSize, nameof(dy));
        Need(cols, g.Batch * g.Patch * g.Pixels, nameof(cols));
        Need(dw, g.OutChannels * g.Patch, nameof(dw));
        var (patch, cout) = (g.Patch, g.OutChannels);
        if (FilterDots.Fits<T>(g))
        {
            var dotBlocks = FilterDots.Blocks(g);
            var dotParts = Math.Min(dotBlocks, ParallelRange.Parts(g.Batch, (long)g.OutImageSize * patch));
            fixed (T* pdy = dy, pc = cols, pdw = dw)
            {
                var (ady, ac, adw) = ((nint)pdy, (nint)pc, (nint)pdw);
                ParallelRange.For(dotBlocks, dotParts, (_, b0, b1) => FilterDots.Run((T*)ady, (T*)ac, (T*)adw, geometry, b0, b1));
            }
            return;
        }
        if (cout > patch)
        {
            dw[..(cout * patch)].Clear();
            for (var b = 0; b < g.Batch; b++)
                Gemm.Multiply(dy.Slice(b * g.OutImageSize, g.OutImageSize), false, cols.Slice(b * patch * g.Pixels, patch * g.Pixels), true, dw,
                    cout, patch, g.Pixels, accumulate: true);
            return;
        }
        var rented = ArrayPool<T>.Shared.Rent(patch * cout);
        var blocks = (patch + FilterColumns - 1) / FilterColumns;
        var parts = Math.Min(blocks, ParallelRange.Parts(g.Batch, (long)g.OutImageSize * patch));
        fixed (T* pdy = dy, pc = cols, pt = rented)
        {
            if (parts <= 1) FilterRowsOf(dy, cols, new Span<T>(pt, patch * cout), g, 0, patch);
            else
            {
                var (ady, ac, at) = ((nint)pdy, (nint)pc, (nint)pt);
                ParallelRange.For(blocks, parts, (_, b0, b1) =>
                {
                    int j0 = b0 * FilterColumns, n = Math.Min(geometry.Patch, b1 * FilterColumns) - j0;
                    FilterRowsOf(new ReadOnlySpan<T>((T*)ady, geometry.Batch * geometry.OutImageSize),
                        new ReadOnlySpan<T>((T*)ac, geometry.Batch * geometry.Patch * geometry.Pixels),
                        new Span<T>((T*)at + (nint)j0 * geometry.OutChannels, n * geometry.OutChannels), geometry, j0, n);
                });
            }
            fixed (T* pdw = dw) GemmPacking.Transpose(pt, cout, patch, cout, pdw, patch);
        }
        ArrayPool<T>.Shared.Return(rented);
    }

    /// <summary>Rows j0..j0+n of dWᵀ, t[n, cout] = Σ_b cols[b][j0..j0+n]·dy[b]ᵀ, over the batch in order.</summary>
    private static void FilterRowsOf<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> cols, Span<T> t, in ConvGeometry g, int j0, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        t.Clear();
        var colSize = g.Patch * g.Pixels;
        for (var b = 0; b < g.Batch; b++)
            Gemm.Multiply(cols.Slice(b * colSize + j0 * g.Pixels, n * g.Pixels), false, dy.Slice(b * g.OutImageSize, g.OutImageSize), true, t,
                n, g.OutChannels, g.Pixels, accumulate: true);
    }
}
