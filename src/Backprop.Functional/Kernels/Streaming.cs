using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Element-wise passes over long spans, shared among threads in contiguous ranges (the parameters of a big layer in
/// an optimiser step, say). Each element's arithmetic is that of the one-thread pass, so the results are the same to
/// the bit for any thread count; short spans run on the calling thread.
/// </summary>
internal static unsafe class Streaming
{
    /// <summary>Elements a part must have: below this, a fork-join costs more than a memory-bound pass saves.</summary>
    public const int MinPerPart = 1 << 14;

    /// <summary>The elements of one block of <see cref="SumOfSquares{T}"/>: small enough that the blocks share out evenly.</summary>
    public const int SumBlock = MinPerPart / 4;

    /// <summary>Ranges start on multiples of this (a 64-byte line of doubles and of floats alike).</summary>
    private const int Grain = 16;

    /// <summary>How many parts a pass over <paramref name="length"/> elements is shared among.</summary>
    public static int Parts(int length) => ParallelRange.Parts(length, ParallelRange.MinWorkPerPart / MinPerPart);

    /// <summary>
    /// d = x·s + addend, multiplied and rounded, then added and rounded (TensorPrimitives.MultiplyAdd's bits); true when
    /// every element of d is finite, found in the same pass (<see cref="Pointwise.MultiplyAddFinite{T}"/> over each range).
    /// </summary>
    public static bool MultiplyAdd<T>(ReadOnlySpan<T> x, T s, ReadOnlySpan<T> addend, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var parts = Parts(x.Length);
        if (parts <= 1 || x.Length != addend.Length || x.Length != d.Length) return Pointwise.MultiplyAddFinite(x, s, addend, d);
        fixed (T* px = x, pa = addend, pd = d)
        {
            var (ax, aa, ad) = ((nint)px, (nint)pa, (nint)pd);
            return EveryPart(x.Length, parts, (i0, n) =>
                Pointwise.MultiplyAddFinite(new ReadOnlySpan<T>((T*)ax + i0, n), s, new ReadOnlySpan<T>((T*)aa + i0, n), new Span<T>((T*)ad + i0, n)));
        }
    }

    /// <summary>y = max(x, 0) (TensorPrimitives.Max against zero over each range).</summary>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var parts = Parts(x.Length);
        if (parts <= 1 || y.Length != x.Length)
        {
            TensorPrimitives.Max(x, T.Zero, y);
            return;
        }
        fixed (T* px = x, py = y)
        {
            var (ax, ay) = ((nint)px, (nint)py);
            EachPart(x.Length, parts, (_, i0, n) => TensorPrimitives.Max(new ReadOnlySpan<T>((T*)ax + i0, n), T.Zero, new Span<T>((T*)ay + i0, n)));
        }
    }

    /// <summary>dx = dy where x &gt; 0, else 0 (<see cref="Activation.ReluBackward{T}"/> over each range).</summary>
    public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var parts = Parts(x.Length);
        if (parts <= 1 || dy.Length != x.Length || dx.Length != x.Length)
        {
            Activation.ReluBackward(x, dy, dx);
            return;
        }
        fixed (T* px = x, pdy = dy, pdx = dx)
        {
            var (ax, ady, adx) = ((nint)px, (nint)pdy, (nint)pdx);
            EachPart(x.Length, parts, (_, i0, n) =>
                Activation.ReluBackward(new ReadOnlySpan<T>((T*)ax + i0, n), new ReadOnlySpan<T>((T*)ady + i0, n), new Span<T>((T*)adx + i0, n)));
        }
    }

    /// <summary>True when no element is NaN or ±∞ (<see cref="Pointwise.AllFinite{T}"/> over each range).</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var parts = Parts(x.Length);
        if (parts <= 1) return Pointwise.AllFinite(x);
        fixed (T* px = x)
        {
            var ax = (nint)px;
            return EveryPart(x.Length, parts, (i0, n) => Pointwise.AllFinite(new ReadOnlySpan<T>((T*)ax + i0, n)));
        }
    }

    /// <summary>
    /// Σ x², in double: TensorPrimitives.SumOfSquares over each block of <see cref="SumBlock"/> elements, the block
    /// sums added in block order. The blocks do not depend on how many threads share them, so neither do the bits.
    /// </summary>
    public static double SumOfSquares<T>(ReadOnlySpan<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var blocks = (x.Length + SumBlock - 1) / SumBlock;
        if (blocks <= 1) return double.CreateChecked(TensorPrimitives.SumOfSquares(x));
        var sums = new double[blocks];
        fixed (T* px = x)
        {
            var (ax, length) = ((nint)px, x.Length);
            ParallelRange.For(blocks, Parts(length), (_, b0, b1) =>
            {
                for (var b = b0; b < b1; b++)
                {
                    var i0 = b * SumBlock;
                    sums[b] = double.CreateChecked(TensorPrimitives.SumOfSquares(new ReadOnlySpan<T>((T*)ax + i0, Math.Min(SumBlock, length - i0))));
                }
            });
        }
        var total = 0.0;
        foreach (var sum in sums) total += sum;
        return total;
    }

    /// <summary>
    /// <see cref="MultiplyAdd{T}"/> and <see cref="SumOfSquares{T}"/> of <paramref name="x"/> in one pass over memory:
    /// each block of x is squared while it is still in the first-level cache from the multiply-add, so both results have
    /// the bits of the two separate calls, for any thread count. Returns whether d is all finite, and Σ x².
    /// </summary>
    public static (bool Finite, double Squares) MultiplyAddSquares<T>(ReadOnlySpan<T> x, T s, ReadOnlySpan<T> addend, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Length != addend.Length || x.Length != d.Length)
            throw new ArgumentException($"multiply-add needs equal lengths, got {x.Length}, {addend.Length} and {d.Length}");
        var blocks = (x.Length + SumBlock - 1) / SumBlock;
        if (blocks <= 1) return (Pointwise.MultiplyAddFinite(x, s, addend, d), double.CreateChecked(TensorPrimitives.SumOfSquares(x)));
        var (sums, finite) = (new double[blocks], new bool[blocks]);
        fixed (T* px = x, pa = addend, pd = d)
        {
            var (ax, aa, ad, length) = ((nint)px, (nint)pa, (nint)pd, x.Length);
            ParallelRange.For(blocks, Parts(length), (_, b0, b1) =>
            {
                for (var b = b0; b < b1; b++)
                {
                    var (i0, n) = (b * SumBlock, Math.Min(SumBlock, length - b * SumBlock));
                    var block = new ReadOnlySpan<T>((T*)ax + i0, n);
                    finite[b] = Pointwise.MultiplyAddFinite(block, s, new ReadOnlySpan<T>((T*)aa + i0, n), new Span<T>((T*)ad + i0, n));
                    sums[b] = double.CreateChecked(TensorPrimitives.SumOfSquares(block));
                }
            });
        }
        var total = 0.0;
        foreach (var sum in sums) total += sum;
        return (Array.TrueForAll(finite, f => f), total);
    }

    /// <summary>Runs <paramref name="part"/> (part, start, length) over each of the parts among threads.</summary>
    private static void EachPart(int length, int parts, Action<int, int, int> part) =>
        ParallelRange.For(parts, parts, (_, p0, p1) =>
        {
            for (var p = p0; p < p1; p++)
            {
                int i0 = Start(length, p, parts), i1 = Start(length, p + 1, parts);
                part(p, i0, i1 - i0);
            }
        });

    /// <summary>Runs <paramref name="part"/> (start, length) over each of the parts among threads; true when every part said so.</summary>
    private static bool EveryPart(int length, int parts, Func<int, int, bool> part)
    {
        var answers = new bool[parts];
        EachPart(length, parts, (p, i0, n) => answers[p] = part(i0, n));
        return Array.TrueForAll(answers, a => a);
    }

    /// <summary>The first element of part <paramref name="part"/> of <paramref name="parts"/>: a multiple of the grain, or the end.</summary>
    private static int Start(int length, int part, int parts) =>
        part >= parts ? length : (int)((long)length * part / parts) / Grain * Grain;
}
