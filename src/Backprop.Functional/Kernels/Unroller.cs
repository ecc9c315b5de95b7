using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Functional.Kernels;

/// <summary>
/// im2col for the many images of one geometry. At stride 1 with AVX-512, each image is copied into a zero-padded
/// buffer, where cols row (c, i, j) is the channel read from (i, j) on: oh lines of ow elements, one every padded
/// width wp. A vector's worth (L) of consecutive pixels of the row then spans L + (kw − 1) elements per line end it
/// crosses; when that is at most 2L, each vector of the row is one permute of two loads, at an offset and with indices
/// that depend only on the vector's place in the row: a plan made once, for every row and image (not a load and a
/// store per line, which for lines shorter than a vector costs more than the data). With AVX2, where a vector's
/// pixels span at most two lines, each vector of the row is instead a blend of two loads: the pixels of its first line,
/// then those of the next, read (wp − ow) further on. Other geometries take <see cref="Convolution.Im2ColRows{T}"/>.
/// </summary>
internal sealed unsafe class Unroller<T> : IDisposable where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly int L = Permutes512 ? Vector512<T>.Count : Vector256<T>.Count;
    private readonly ConvGeometry g;
    private readonly int hp, wp, vectors;
    private readonly bool blends;
    private readonly int[]? plan;    // starts[vectors], bases[patch], then indices[vectors·L] (or the blends' masks, as many)
    private readonly T[]? padded;    // channels·hp·wp, then 2L of slack for the last row's loads

    public Unroller(in ConvGeometry g)
    {
        this.g = g;
        (hp, wp, vectors) = (g.Height + 2 * g.Padding, g.Width + 2 * g.Padding, (g.Pixels + L - 1) / L);
        blends = Blends(g);
        if (!Permutes(g) && !blends) return;
        plan = ArrayPool<int>.Shared.Rent(vectors + g.Patch + vectors * L);
        for (var v = 0; v < vectors; v++) plan[v] = Offset(v * L);
        for (var row = 0; row < g.Patch; row++)
        {
            var (c, i, j) = (row / (g.KernelH * g.KernelW), row / g.KernelW % g.KernelH, row % g.KernelW);
            plan[vectors + row] = (c * hp + i) * wp + j;
        }
        for (int q = 0, at = vectors + g.Patch; q < vectors * L; q++, at++)
            plan[at] = blends ? (q / g.OutWidth == q / L * L / g.OutWidth ? -1 : 0)   // lanes on the vector's first line
                : Offset(Math.Min(q, g.Pixels - 1)) - plan[q / L];   // lanes past the last pixel repeat it (never stored)
        var length = g.Channels * hp * wp + 2 * L;
        padded = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(padded, 0, length);
    }

    /// <summary>
    /// Whether the permutes do it: stride 1, AVX-512, output lines shorter than a vector (longer ones are copied as
    /// quickly a line at a time) and every vector of pixels within two vectors of the padded image.
    /// </summary>
    public static bool Permutes(in ConvGeometry g) =>
        Permutes512 && g.Stride == 1 && g.OutWidth < L && (g.KernelW - 1) * ((L - 1) / g.OutWidth + 1) <= L;

    private static bool Permutes512 => Simd512<T>.IsSupported;

    /// <summary>
    /// Whether the blends do it: stride 1, AVX2 without AVX-512, output lines of L − 1 to 2L pixels (so that a
    /// vector spans at most two; longer ones are copied as quickly a line at a time) and kw ≤ L + 1 (the reads stay in the slack).
    /// </summary>
    public static bool Blends(in ConvGeometry g) =>
        !Permutes512 && Simd256<T>.IsSupported && g.Stride == 1 && g.OutWidth >= L - 1 && g.OutWidth <= 2 * L && g.KernelW - 1 <= L;

    /// <summary>Whether <see cref="Rows(ReadOnlySpan{T}, Span{T}, int, int, int)"/> takes rows ld ≠ pixels apart: the permutes or the blends.</summary>
    public static bool Vectorised(in ConvGeometry g) => Permutes(g) || Blends(g);

    /// <summary>Where pixel q of a row lies in the padded image, from the row's start.</summary>
    private int Offset(int q) => q / g.OutWidth * wp + q % g.OutWidth;

    /// <summary>Rows [row0, row1) of im2col(image), into cols[0 .. (row1 − row0)·pixels].</summary>
    public void Rows(ReadOnlySpan<T> image, Span<T> cols, int row0, int row1) => Rows(image, cols, row0, row1, g.Pixels);

    /// <summary>
    /// Rows [row0, row1) of im2col(image), row r at cols[(r − row0)·ld ..] (ld ≥ pixels; beside it, other images' rows,
    /// which it does not touch). Only the permutes (<see cref="Permutes"/>) take ld ≠ pixels. The image is its first
    /// image-size elements; a span that goes on (the rest of the batch) lets an unpadded image be read in place.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // its own inlining budget: inlined into a kernel's loop, its helpers were not
    public void Rows(ReadOnlySpan<T> image, Span<T> cols, int row0, int row1, int ld)
    {
        if (plan is null || padded is null)
        {
            if (ld != g.Pixels) throw new ArgumentException($"rows {ld} apart need the permutes or the blends, which {g} does not take", nameof(ld));
            Convolution.Im2ColRows(image, cols, g, row0, row1);
            return;
        }
        if (image.Length < g.ImageSize) throw new ArgumentException($"image has {image.Length} elements; the geometry needs {g.ImageSize}", nameof(image));
        if (ld < g.Pixels || cols.Length < (long)(row1 - row0 - 1) * ld + g.Pixels)
            throw new ArgumentException($"cols has {cols.Length} elements; {row1 - row0} rows {ld} apart need {(long)(row1 - row0 - 1) * ld + g.Pixels}", nameof(cols));
        int p = g.Padding, h = g.Height, w = g.Width, pixels = g.Pixels, full = g.Pixels / L;
        fixed (T* x = image, pad = padded, start = cols)
        fixed (int* starts = plan)
        {
            // Without padding the image is its own padded copy, read in place when the span runs 2L past it (the next image).
            var source = p == 0 && image.Length >= g.ImageSize + 2 * L ? x : pad;
            if (source == pad && p == 0) Buffer.MemoryCopy(x, pad, (long)g.ImageSize * sizeof(T), (long)g.ImageSize * sizeof(T));
            else if (source == pad)
                for (var c = 0; c < g.Channels; c++)
                    for (var y = 0; y < h; y++)
                        ShortRows.Copy(x + (c * h + y) * w, pad + (c * hp + y + p) * wp + p, w);
            int* bases = starts + vectors, indices = bases + g.Patch;
            if (blends)
            {
                Blend(source, start, bases, starts, indices, row0, row1, ld);
                return;
            }
            var last = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(pixels - full * L));
            for (var row = row0; row < row1; row++)
            {
                T* src = source + bases[row], dst = start + (long)(row - row0) * ld;
                for (var v = 0; v < full; v++) Permute(src + starts[v], indices + v * L).Store(dst + v * L);
                if (full < vectors) Store(Permute(src + starts[full], indices + full * L), dst + full * L, last);
            }
        }
    }

    /// <summary>
    /// The rows by blends: vector v of a row is its first line's pixels from src + starts[v], the rest from (wp − ow)
    /// further on, as masks[v] says. A row's last vector is stored whole where the next row follows it (and is written
    /// after it), else its pixels only.
    /// </summary>
    private void Blend(T* source, T* start, int* bases, int* starts, int* masks, int row0, int row1, int ld)
    {
        int pixels = g.Pixels, full = pixels / L;
        nint shift = wp - g.OutWidth;
        for (var row = row0; row < row1; row++)
        {
            T* src = source + bases[row], dst = start + (long)(row - row0) * ld;
            for (var v = 0; v < full; v++) Blended(src + starts[v], shift, masks + v * L).Store(dst + v * L);
            if (full < vectors)
            {
                var tail = Blended(src + starts[full], shift, masks + full * L);
                if (ld == pixels && row + 1 < row1) tail.Store(dst + full * L);
                else ShortRows.Put(tail, dst + full * L, pixels - full * L);
            }
        }
    }

    /// <summary>Lane l is src[l] where masks[l] is set, else src[shift + l].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Blended(T* src, nint shift, int* masks)
    {
        if (typeof(T) == typeof(float))
            return Avx.BlendVariable(Vector256.Load((float*)src + shift), Vector256.Load((float*)src), Vector256.Load(masks).AsSingle()).As<float, T>();
        return Avx.BlendVariable(Vector256.Load((double*)src + shift), Vector256.Load((double*)src),
            Avx2.ConvertToVector256Int64(Vector128.Load(masks)).AsDouble()).As<double, T>();
    }

    /// <summary>The vector whose lane l is src[index[l]], for indices below 2L.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Permute(T* src, int* index)
    {
        if (typeof(T) == typeof(float))
            return Avx512F.PermuteVar16x32x2(Vector512.Load((float*)src), Vector512.Load(index), Vector512.Load((float*)src + 16)).As<float, T>();
        return Avx512F.PermuteVar8x64x2(Vector512.Load((double*)src), Avx512F.ConvertToVector512Int64(Vector256.Load(index)),
            Vector512.Load((double*)src + 8)).As<double, T>();
    }

    /// <summary>Stores the lanes of <paramref name="v"/> whose lane of <paramref name="lanes"/> (as 32-bit lanes) is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<T> v, T* dst, Vector512<int> lanes)
    {
        if (typeof(T) == typeof(float)) Avx512F.MaskStore((float*)dst, lanes.AsSingle(), v.As<T, float>());
        else Avx512F.MaskStore((double*)dst, Avx512F.ConvertToVector512Int64(lanes.GetLower()).AsDouble(), v.As<T, double>());
    }

    public void Dispose()
    {
        if (plan is not null) ArrayPool<int>.Shared.Return(plan);
        if (padded is not null) ArrayPool<T>.Shared.Return(padded);
    }
}
