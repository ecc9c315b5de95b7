using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Functional.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, as in every deep-learning library) by im2col: each image is
/// unrolled into a [patch, pixels] matrix whose columns are the receptive fields, so the convolution
/// is one GEMM per image, W[cout, patch]·cols[patch, pixels]. The pullbacks are two more GEMMs and
/// col2im, the adjoint of im2col (overlapping windows add up). By shape: a layer with few output channels is computed
/// from the padded images directly (<see cref="DirectConv"/>, <see cref="DirectFilter"/>), images of few pixels share
/// one product (<see cref="ImageGroups"/>), and col2im at stride 1 gathers an image line in registers (<see cref="Folding"/>).
/// </summary>
public static class Convolution
{
    /// <summary>cols[(c·kh + i)·kw + j, oy·ow + ox] = x[c, oy·s + i − p, ox·s + j − p], zero outside the image.</summary>
    public static void Im2Col<T>(ReadOnlySpan<T> image, Span<T> cols, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Im2ColRows(image, cols, g, 0, g.Patch);

    /// <summary>Rows [row0, row1) of <see cref="Im2Col{T}"/>, into cols[0 .. (row1 − row0)·pixels].</summary>
    internal static void Im2ColRows<T>(ReadOnlySpan<T> image, Span<T> cols, in ConvGeometry g, int row0, int row1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (g.Stride == 1)
        {
            Im2ColStride1(image, cols, g, row0, row1);
            return;
        }
        int oh = g.OutHeight, ow = g.OutWidth;
        for (var row = row0; row < row1; row++)
        {
            var (c, i, j) = EntryOf(row, g);
            for (var oy = 0; oy < oh; oy++)
            {
                var line = cols.Slice(((row - row0) * oh + oy) * ow, ow);
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
    }

    /// <summary>The (channel, kernel row, kernel column) of patch entry <paramref name="row"/>.</summary>
    private static (int C, int I, int J) EntryOf(int row, in ConvGeometry g) =>
        (row / (g.KernelH * g.KernelW), row / g.KernelW % g.KernelH, row % g.KernelW);

    /// <summary>
    /// Im2Col at stride 1: each cols row (c, i, j) is the image channel shifted by (i − p, j − p), so the outputs that
    /// read inside the image form one rectangle [oyFrom, oyTo) × [from, to), copied line by line; the rest is zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // inlined into its callers' loops, it ran out of registers
    private static unsafe void Im2ColStride1<T>(ReadOnlySpan<T> image, Span<T> cols, in ConvGeometry g, int row0, int row1)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, h = g.Height, w = g.Width, p = g.Padding;
        Need(image, g.ImageSize, nameof(image));
        Need(cols, (long)(row1 - row0) * oh * ow, nameof(cols));
        fixed (T* x = image, start = cols)
        {
            // A line may be copied in whole vectors past its end while both its read and write end a vector before the
            // spans do: what it writes past the line is the next line's (or the zero rows' after it), written later.
            T* block = start, lastRead = x + g.ImageSize - ShortRows.Slack<T>(), lastWrite = start + (row1 - row0) * oh * ow - ShortRows.Slack<T>();
            for (var row = row0; row < row1; row++, block += oh * ow)
            {
                var (c, i, j) = EntryOf(row, g);
                var (oyFrom, oyTo) = Inside(i - p, oh, h);
                var (from, to) = Inside(j - p, ow, w);
                var n = to - from;
                if (oyFrom > 0) new Span<T>(block, oyFrom * ow).Clear();
                var src = x + (c * h + oyFrom + i - p) * w + from + j - p;
                var line = block + oyFrom * ow;
                var fast = oyTo;
                while (fast > oyFrom && (src + (fast - 1 - oyFrom) * w + n > lastRead || line + (fast - 1 - oyFrom) * ow + to > lastWrite)) fast--;
                var oy = oyFrom;
                if (n == ow)
                    for (; oy < fast; oy++, src += w, line += ow) ShortRows.CopyOver(src, line, n);
                for (; oy < oyTo; oy++, src += w, line += ow)
                {
                    for (var x0 = 0; x0 < from; x0++) line[x0] = T.Zero;   // a padding column or two: no memset call
                    if (oy < fast) ShortRows.CopyOver(src, line + from, n);
                    else ShortRows.Copy(src, line + from, n);
                    for (var x1 = to; x1 < ow; x1++) line[x1] = T.Zero;      // after the copy, which may have run over it
                }
                if (oyTo < oh) new Span<T>(block + oyTo * ow, (oh - oyTo) * ow).Clear();
            }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col{T}"/>: image[c, y, x] = Σ of the cols entries that read it.</summary>
    public static void Col2Im<T>(ReadOnlySpan<T> cols, Span<T> image, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Col2ImStrided(cols, image, g, g.Pixels);

    /// <summary><see cref="Col2Im{T}"/> of a cols matrix whose rows lie <paramref name="ld"/> ≥ pixels elements apart.</summary>
    internal static unsafe void Col2ImStrided<T>(ReadOnlySpan<T> cols, Span<T> image, in ConvGeometry g, int ld)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Need(cols, (long)(g.Patch - 1) * ld + g.Pixels, nameof(cols));
        if (Folding.Applies<T>(g))
        {
            Need(image, g.ImageSize, nameof(image));
            fixed (T* pc = cols, pi = image) Folding.Stride1(pc, pi, g, ld);
            return;
        }
        image[..g.ImageSize].Clear();
        if (g.Stride == 1)
        {
            Col2ImStride1(cols, image, g, ld);
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
                        var line = cols.Slice(row * ld + oy * ow, ow);
                        var dst = image.Slice((c * g.Height + y) * g.Width, g.Width);
                        for (var ox = 0; ox < ow; ox++)
                        {
                            var x = ox * g.Stride + j - g.Padding;
                            if ((uint)x < (uint)g.Width) dst[x] += line[ox];
                        }
                    }
    }

    /// <summary>Col2Im at stride 1: as in <see cref="Im2ColStride1{T}"/>, the entries of cols row (c, i, j) that read the image form one rectangle.</summary>
    private static unsafe void Col2ImStride1<T>(ReadOnlySpan<T> cols, Span<T> image, in ConvGeometry g, int ld)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, h = g.Height, w = g.Width, p = g.Padding;
        fixed (T* start = cols, x = image)
        {
            var block = start;
            for (var c = 0; c < g.Channels; c++)
                for (var i = 0; i < g.KernelH; i++)
                {
                    var (oyFrom, oyTo) = Inside(i - p, oh, h);
                    for (var j = 0; j < g.KernelW; j++, block += ld)
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
    /// The length of the work buffer the kernels use in full, per thread they may run on: patch·pixels (one image
    /// unrolled), or a group of images' columns and products (<see cref="ImageGroups"/>). With less, fewer threads
    /// share the work, then one image at a time; with less than patch·pixels, it is an argument error.
    /// </summary>
    public static int WorkSize<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch) * PartSize<T>(g);

    private static int PartSize<T>(in ConvGeometry g) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Math.Max(g.Patch * g.Pixels, ImageGroups.Size<T>(g) is var size and > 1 ? ImageGroups.WorkSize(g, size) : 0);

    /// <summary>How many parts of patch·pixels a work buffer holds, at most <paramref name="parts"/>.</summary>
    private static int PartsIn<T>(ReadOnlySpan<T> work, in ConvGeometry g, int parts) =>
        Math.Min(parts, work.Length / Math.Max(1, g.Patch * g.Pixels));

    /// <summary>The images per product, how many parts share them and each part's share of the work buffer.</summary>
    private static (int Size, int Parts, int Stride) Groups<T>(ReadOnlySpan<T> work, in ConvGeometry g, int parts)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var size = ImageGroups.Size<T>(g);
        var stride = ImageGroups.WorkSize(g, size);
        return size > 1 && work.Length >= stride ? (size, Math.Min(parts, work.Length / stride), stride)
            : (1, PartsIn(work, g, parts), g.Patch * g.Pixels);
    }

    /// <summary>
    /// y[b] = W·im2col(x[b]) for every image, each unrolled into the thread's part of <paramref name="work"/> (see
    /// <see cref="WorkSize{T}"/>) while it is in cache, a few images side by side where one fills the GEMM's panels badly
    /// (<see cref="ImageGroups"/>), or directly for a layer with few output channels (<see cref="DirectConv"/>); the filter pullback unrolls the images again rather than keeping
    /// batch·patch·pixels of columns. The images are shared among the threads (each writes only its own y[b]).
    /// </summary>
    public static unsafe void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, Span<T> y, Span<T> work, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var geometry = g;
        var colSize = g.Patch * g.Pixels;
        Need(x, g.Batch * g.ImageSize, nameof(x));
        Need(w, g.OutChannels * g.Patch, nameof(w));
        Need(y, g.Batch * g.OutImageSize, nameof(y));
        Need(work, colSize, nameof(work));
        var parts = ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch);
        fixed (T* px = x, pw = w, py = y, pc = work)
        {
            var (ax, aw, ay, ac) = ((nint)px, (nint)pw, (nint)py, (nint)pc);
            if (DirectConv.Fits<T>(g))
            {
                ParallelRange.For(g.Batch, parts, (_, b0, b1) => DirectConv.Forward((T*)ax, (T*)aw, (T*)ay, geometry, b0, b1));
                return;
            }
            var (size, shared, stride) = Groups(work, g, parts);
            if (size > 1)
            {
                ParallelRange.For(g.Batch, shared, (part, b0, b1) =>
                    ImageGroups.Forward((T*)ax, (T*)aw, (T*)ay, (T*)ac + (long)part * stride, geometry, size, b0, b1));
                return;
            }
            ParallelRange.For(g.Batch, shared, (part, b0, b1) =>
            {
                var col = new Span<T>((T*)ac + (long)part * colSize, colSize);
                using var unroll = new Unroller<T>(geometry);
                for (var b = b0; b < b1; b++)
                {
                    unroll.Rows(new ReadOnlySpan<T>((T*)ax + (long)b * geometry.ImageSize, (geometry.Batch - b) * geometry.ImageSize), col, 0, geometry.Patch);
                    Gemm.Multiply(new ReadOnlySpan<T>((T*)aw, geometry.OutChannels * geometry.Patch), false, col, false,
                        new Span<T>((T*)ay + (long)b * geometry.OutImageSize, geometry.OutImageSize), geometry.OutChannels, geometry.Pixels, geometry.Patch);
                }
            });
        }
    }

    /// <summary>
    /// dx[b] = col2im(Wᵀ·dy[b]), each product into the thread's part of <paramref name="work"/> (see <see cref="WorkSize{T}"/>),
    /// a few images per product where one fills the GEMM's panels badly (<see cref="ImageGroups"/>);
    /// or, for a layer with few input channels, directly as the convolution of the padded dy with the flipped kernels
    /// (<see cref="DirectConv.FitsInput{T}"/>; its sums are in another order).
    /// </summary>
    public static unsafe void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, Span<T> work, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var geometry = g;
        var colSize = g.Patch * g.Pixels;
        Need(dy, g.Batch * g.OutImageSize, nameof(dy));
        Need(w, g.OutChannels * g.Patch, nameof(w));
        Need(dx, g.Batch * g.ImageSize, nameof(dx));
        Need(work, colSize, nameof(work));
        var parts = ParallelRange.Parts(g.Batch, (long)g.OutImageSize * g.Patch);
        fixed (T* pdy = dy, pw = w, pdx = dx, pc = work)
        {
            var (ady, aw, adx, ac) = ((nint)pdy, (nint)pw, (nint)pdx, (nint)pc);
            if (DirectConv.FitsInput<T>(g))
            {
                var flipped = ArrayPool<T>.Shared.Rent(g.OutChannels * g.Patch);
                fixed (T* pf = flipped)
                {
                    DirectConv.Flip(pw, pf, g);
                    var (af, transposed) = ((nint)pf, DirectConv.Transposed(g));
                    ParallelRange.For(g.Batch, parts, (_, b0, b1) => DirectConv.Forward((T*)ady, (T*)af, (T*)adx, transposed, b0, b1));
                }
                ArrayPool<T>.Shared.Return(flipped);
                return;
            }
            var (size, shared, stride) = Groups(work, g, parts);
            if (size > 1)
            {
                ParallelRange.For(g.Batch, shared, (part, b0, b1) =>
                    ImageGroups.BackwardInput((T*)ady, (T*)aw, (T*)adx, (T*)ac + (long)part * stride, geometry, size, b0, b1));
                return;
            }
            ParallelRange.For(g.Batch, shared, (part, b0, b1) =>
            {
                var col = new Span<T>((T*)ac + (long)part * colSize, colSize);
                for (var b = b0; b < b1; b++)
                {
                    Gemm.Multiply(new ReadOnlySpan<T>((T*)aw, geometry.OutChannels * geometry.Patch), true,
                        new ReadOnlySpan<T>((T*)ady + (long)b * geometry.OutImageSize, geometry.OutImageSize), false, col,
                        geometry.Patch, geometry.Pixels, geometry.OutChannels);
                    Col2Im<T>(col, new Span<T>((T*)adx + (long)b * geometry.ImageSize, geometry.ImageSize), geometry);
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
    /// dW = Σ_b dy[b]·cols[b]ᵀ with cols[b] = im2col(x[b]), summed over the batch in order; each thread unrolls, image
    /// by image, only the patch rows it needs into its part of <paramref name="work"/> (see <see cref="WorkSize{T}"/>), so
    /// they are read from cache. The product's transposed operand is packed, so the smaller of dy[b] (out channels ×
    /// pixels) and cols[b] (patch × pixels) is the one transposed: usually dy, and then dW is computed as its transpose
    /// Σ_b cols[b]·dy[b]ᵀ, cols[b] read in place (its rows are dWᵀ's rows); with at most 8 output channels it is taken
    /// from the padded images by <see cref="DirectFilter"/> where <see cref="DirectConv"/> computes the forward pass, or
    /// else by <see cref="FilterDots"/> (dot products along the pixels, which fill every lane); their sums are in
    /// another order. Each element is the same FMA chain either way round, so dW has the bits of the direct product. Threads
    /// share dWᵀ's rows in blocks of <see cref="FilterColumns"/>, each summing its own over the whole batch, so the
    /// result does not depend on threads (the direct way, for a layer with more output channels than patch entries,
    /// runs on one thread).
    /// </summary>
    public static unsafe void BackwardFilter<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, Span<T> dw, Span<T> work, in ConvGeometry g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var geometry = g;
        Need(dy, g.Batch * g.OutImageSize, nameof(dy));
        Need(x, g.Batch * g.ImageSize, nameof(x));
        Need(dw, g.OutChannels * g.Patch, nameof(dw));
        Need(work, g.Patch * g.Pixels, nameof(work));
        var (patch, cout, colSize) = (g.Patch, g.OutChannels, g.Patch * g.Pixels);
        var threads = PartsIn<T>(work, g, ParallelRange.Parts(g.Batch, (long)g.OutImageSize * patch));
        fixed (T* pdy = dy, px = x, pdw = dw, pw = work)
        {
            var (ady, ax, adw, aw) = ((nint)pdy, (nint)px, (nint)pdw, (nint)pw);
            if (DirectConv.Fits<T>(g))
            {
                var directBlocks = DirectFilter.Blocks(g);
                ParallelRange.For(directBlocks, Math.Min(directBlocks, ParallelRange.Parts(g.Batch, (long)g.OutImageSize * patch)), (_, b0, b1) =>
                    DirectFilter.Run((T*)ady, (T*)ax, (T*)adw, geometry, b0, b1));
                return;
            }
            if (FilterDots.Fits<T>(g))
            {
                var dotBlocks = FilterDots.Blocks(g);
                ParallelRange.For(dotBlocks, Math.Min(dotBlocks, threads), (part, b0, b1) =>
                    FilterDots.Run((T*)ady, (T*)ax, (T*)aw + (long)part * colSize, (T*)adw, geometry, b0, b1));
                return;
            }
            if (cout > patch)
            {
                dw[..(cout * patch)].Clear();
                var col = new Span<T>(pw, colSize);
                using var unroll = new Unroller<T>(g);
                for (var b = 0; b < g.Batch; b++)
                {
                    unroll.Rows(x[(b * g.ImageSize)..], col, 0, patch);
                    Gemm.Multiply(dy.Slice(b * g.OutImageSize, g.OutImageSize), false, col, true, dw, cout, patch, g.Pixels, accumulate: true);
                }
                return;
            }
            var rented = ArrayPool<T>.Shared.Rent(patch * cout);
            var blocks = (patch + FilterColumns - 1) / FilterColumns;
            fixed (T* pt = rented)
            {
                var at = (nint)pt;
                ParallelRange.For(blocks, Math.Min(blocks, threads), (part, b0, b1) =>
                {
                    int j0 = b0 * FilterColumns, n = Math.Min(geometry.Patch, b1 * FilterColumns) - j0;
                    FilterRowsOf((T*)ady, (T*)ax, (T*)at + (nint)j0 * geometry.OutChannels, (T*)aw + (long)part * colSize, geometry, j0, n);
                });
                GemmPacking.Transpose(pt, cout, patch, cout, pdw, patch);
            }
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>Rows j0..j0+n of dWᵀ, t[n, cout] = Σ_b im2col(x[b])[j0..j0+n]·dy[b]ᵀ, over the batch in order, unrolled into <paramref name="work"/>.</summary>
    private static unsafe void FilterRowsOf<T>(T* dy, T* x, T* t, T* work, in ConvGeometry g, int j0, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rows = new Span<T>(work, n * g.Pixels);
        var sums = new Span<T>(t, n * g.OutChannels);
        sums.Clear();
        using var unroll = new Unroller<T>(g);
        for (var b = 0; b < g.Batch; b++)
        {
            unroll.Rows(new ReadOnlySpan<T>(x + (long)b * g.ImageSize, (g.Batch - b) * g.ImageSize), rows, j0, j0 + n);
            Gemm.Multiply(rows, false, new ReadOnlySpan<T>(dy + (long)b * g.OutImageSize, g.OutImageSize), true, sums,
                n, g.OutChannels, g.Pixels, accumulate: true);
        }
    }
}
