using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Functional.Kernels;

/// <summary>
/// C = op(A)·op(B), or C + op(A)·op(B), when C has at most one vector of columns (the logits of a classifier and their
/// gradients, a small conv layer's filter gradient): each row of C is one vector, the sum over p of A[i,p] times row p
/// of op(B), copied once with zeros past its n columns; rows are loaded and stored through a mask of n lanes. Eight
/// rows at a time keep eight chains in flight. Every element is the FMA chain over p of the tiled path, in the same
/// blocks of the reduction (each block's chain starts at zero and is added to what C holds), so C has the bits of a
/// wide product's first n columns, whichever thread computes which rows.
/// </summary>
internal static unsafe class NarrowGemm<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int Rows = 8;

    [ThreadStatic] private static T[]? packed;

    /// <summary>The widest vector this machine runs that holds <paramref name="lanes"/> elements exactly, or 0.</summary>
    public static int Width(int lanes) =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated && Vector512<T>.Count == lanes ? 512
        : Avx.IsSupported && Vector256.IsHardwareAccelerated && Vector256<T>.Count == lanes ? 256 : 0;

    /// <summary>C (n ≤ the vector's lanes), added to when <paramref name="accumulate"/>, in blocks of <paramref name="kc"/> of the reduction.</summary>
    public static void Run(int width, T* a, bool transA, T* b, bool transB, T* c, int m, int n, int k, bool accumulate, int kc, int threads,
        long parallelMinMacs)
    {
        var w = width == 512 ? Vector512<T>.Count : Vector256<T>.Count;
        var length = k * w;
        var p = packed;
        if (p is null || p.Length < length) packed = p = GC.AllocateUninitializedArray<T>(length, pinned: true);
        fixed (T* bp = p)
        {
            // op(B) as k rows of w: B's rows padded with zeros, or B's columns when it is stored transposed.
            if (transB) GemmPacking.Transpose(b, k, n, k, bp, w);
            else GemmPacking.Copy(b, n, k, n, bp, w);
            var (ars, acs) = transA ? ((nint)1, (nint)m) : (k, (nint)1);
            var groups = (m + Rows - 1) / Rows;
            var parts = threads <= 1 || (long)m * n * k < parallelMinMacs ? 1 : Math.Min(threads, groups);
            if (parts <= 1) Range(width, a, ars, acs, bp, c, 0, m, n, k, accumulate, kc);
            else
            {
                var (pa, pb, pc) = ((nint)a, (nint)bp, (nint)c);
                ParallelRange.For(groups, parts, (_, g0, g1) =>
                    Range(width, (T*)pa, ars, acs, (T*)pb, (T*)pc, g0 * Rows, Math.Min(m, g1 * Rows), n, k, accumulate, kc));
            }
        }
    }

    private static void Range(int width, T* a, nint ars, nint acs, T* bp, T* c, int r0, int r1, int n, int k, bool accumulate, int kc)
    {
        if (width == 512) Range<Vector512<T>, Simd512<T>>(a, ars, acs, bp, c, r0, r1, n, k, accumulate, kc);
        else Range<Vector256<T>, Simd256<T>>(a, ars, acs, bp, c, r0, r1, n, k, accumulate, kc);
    }

    private static void Range<TV, TW>(T* a, nint ars, nint acs, T* bp, T* c, int r0, int r1, int n, int k, bool accumulate, int kc)
        where TV : unmanaged where TW : ISimd<TV, T>
    {
        var i = r0;
        for (; i + Rows <= r1; i += Rows) Eight<TV, TW>(a + i * ars, ars, acs, bp, c + (nint)i * n, n, k, accumulate, kc);
        for (; i < r1; i++) One<TV, TW>(a + i * ars, acs, bp, c + (nint)i * n, n, k, accumulate, kc);
    }

    /// <summary>Eight rows of C from eight chains.</summary>
    private static void Eight<TV, TW>(T* a, nint ars, nint acs, T* bp, T* c, int n, int k, bool accumulate, int kc)
        where TV : unmanaged where TW : ISimd<TV, T>
    {
        var w = TW.Count;
        var mask = TW.FirstLanes(n);
        TV s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        if (accumulate)
            (s0, s1, s2, s3, s4, s5, s6, s7) = (TW.Load(c, mask), TW.Load(c + n, mask), TW.Load(c + 2 * n, mask), TW.Load(c + 3 * n, mask),
                TW.Load(c + 4 * n, mask), TW.Load(c + 5 * n, mask), TW.Load(c + 6 * n, mask), TW.Load(c + 7 * n, mask));
        for (var p0 = 0; p0 < k; p0 += kc)
        {
            TV c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
            T* ap = a + p0 * acs, bq = bp + p0 * w, a4 = ap + 4 * ars;
            nint ars2 = 2 * ars, ars3 = 3 * ars;
            for (var p = Math.Min(kc, k - p0); p > 0; p--, ap += acs, a4 += acs, bq += w)
            {
                var bv = TW.Load(bq);
                c0 = TW.Fma(TW.Broadcast(ap[0]), bv, c0);
                c1 = TW.Fma(TW.Broadcast(ap[ars]), bv, c1);
                c2 = TW.Fma(TW.Broadcast(ap[ars2]), bv, c2);
                c3 = TW.Fma(TW.Broadcast(ap[ars3]), bv, c3);
                c4 = TW.Fma(TW.Broadcast(a4[0]), bv, c4);
                c5 = TW.Fma(TW.Broadcast(a4[ars]), bv, c5);
                c6 = TW.Fma(TW.Broadcast(a4[ars2]), bv, c6);
                c7 = TW.Fma(TW.Broadcast(a4[ars3]), bv, c7);
            }
            if (p0 == 0 && !accumulate) (s0, s1, s2, s3, s4, s5, s6, s7) = (c0, c1, c2, c3, c4, c5, c6, c7);
            else (s0, s1, s2, s3, s4, s5, s6, s7) = (TW.Add(s0, c0), TW.Add(s1, c1), TW.Add(s2, c2), TW.Add(s3, c3),
                TW.Add(s4, c4), TW.Add(s5, c5), TW.Add(s6, c6), TW.Add(s7, c7));
        }
        TW.Store(s0, c, mask); TW.Store(s1, c + n, mask); TW.Store(s2, c + 2 * n, mask); TW.Store(s3, c + 3 * n, mask);
        TW.Store(s4, c + 4 * n, mask); TW.Store(s5, c + 5 * n, mask); TW.Store(s6, c + 6 * n, mask); TW.Store(s7, c + 7 * n, mask);
    }

    /// <summary>One row of C (the rows after the last group of eight).</summary>
    private static void One<TV, TW>(T* a, nint acs, T* bp, T* c, int n, int k, bool accumulate, int kc)
        where TV : unmanaged where TW : ISimd<TV, T>
    {
        var w = TW.Count;
        var mask = TW.FirstLanes(n);
        var s = accumulate ? TW.Load(c, mask) : default;
        for (var p0 = 0; p0 < k; p0 += kc)
        {
            TV acc = default;
            T* ap = a + p0 * acs, bq = bp + p0 * w;
            for (var p = Math.Min(kc, k - p0); p > 0; p--, ap += acs, bq += w) acc = TW.Fma(TW.Broadcast(ap[0]), TW.Load(bq), acc);
            s = p0 == 0 && !accumulate ? acc : TW.Add(s, acc);
        }
        TW.Store(s, c, mask);
    }
}
