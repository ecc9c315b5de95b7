using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Blocked GEMM around a register-tiled micro-kernel. Loops: column blocks (nc) → reduction blocks (kc)
/// → MR-row panels of A → NR-column panels of B. B's block is packed into contiguous panels when there is
/// more than one row panel to reuse it (or it must be transposed); A is read in place (a transposed A's MR
/// values of one reduction step are contiguous), but for a partial last row panel, which is copied and padded.
/// Threads own disjoint column (or row) ranges of C and the kc blocking depends on k alone, so every
/// element's summation order is the same for any thread count.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKernel : IMicroKernel<T>
{
    private const int KcBytes = 1024;             // kc ≤ 256 floats / 128 doubles: an A row panel stays in L1
    private const int BlockBytes = 384 * 1024;    // kc×nc block of B kept in L2
    private const int L1Bytes = 32 * 1024;        // below this a block stays in L1 (48 KB here) without packing
    private const int PageBytes = 4096;           // B rows this far apart map to the same few L1 sets
    private const long ParallelMinMacs = 1 << 20; // below this, one thread: fork-join would not pay off

    [ThreadStatic] private static T[]? scratch;
    [ThreadStatic] private static Job? job;

    public static void Run(T* a, bool transA, T* b, bool transB, T* c, int m, int n, int k, bool accumulate)
    {
        var threads = Math.Min(Parallelism.MaxDegreeOfParallelism, Environment.ProcessorCount);
        if (2 * n <= TKernel.NR && NarrowGemm<T>.Width(TKernel.NR / 2) is var width and > 0)
        {
            // Few columns (the logits and their gradients): one vector per row of C, no packing of A, no tiles.
            NarrowGemm<T>.Run(width, a, transA, b, transB, c, m, n, k, accumulate, Kc(k), threads, ParallelMinMacs);
            return;
        }
        var args = new Args(a, transA, b, transB, c, m, n, k, accumulate);
        if (threads <= 1 || (long)m * n * k < ParallelMinMacs)
        {
            args.Compute(0, m, 0, n);
            return;
        }
        int mPanels = (m + TKernel.MR - 1) / TKernel.MR, nPanels = (n + TKernel.NR - 1) / TKernel.NR;
        // Split by columns, unless A is transposed and too big for L1: then every column range would stream all of A
        // with a stride, and a wide A (m > n) costs more to read twice than B, which a split by rows packs in each range.
        var wideA = transA && (long)k * m * sizeof(T) > L1Bytes;
        var byRows = wideA && m > n && mPanels >= 2 * threads;
        var splitN = !byRows && (nPanels >= 2 * threads || nPanels >= mPanels);
        var parts = Math.Min(threads, splitN ? nPanels : mPanels);
        if (parts <= 1)
        {
            args.Compute(0, m, 0, n);
            return;
        }
        var current = job ??= new Job();
        current.Set(args, splitN, splitN ? nPanels : mPanels);
        WorkerPool.Run(current, parts);
    }

    private sealed class Job : ParallelJob
    {
        private Args args;
        private bool splitN;
        private int panels;

        public void Set(in Args value, bool byColumns, int panelCount)
        {
            args = value;
            splitN = byColumns;
            panels = panelCount;
        }

        public override void Execute(int index, int count)
        {
            int p0 = (int)((long)panels * index / count), p1 = (int)((long)panels * (index + 1) / count);
            if (splitN) args.Compute(0, args.M, p0 * TKernel.NR, Math.Min(args.N, p1 * TKernel.NR));
            else args.Compute(p0 * TKernel.MR, Math.Min(args.M, p1 * TKernel.MR), 0, args.N);
        }
    }

    private readonly struct Args(T* a, bool transA, T* b, bool transB, T* c, int m, int n, int k, bool accumulate)
    {
        public int M => m;
        public int N => n;

        /// <summary>Computes the block C[i0..i1, j0..j1] over the full reduction; j0 is a multiple of NR.</summary>
        public void Compute(int i0, int i1, int j0, int j1)
        {
            int mr = TKernel.MR, nr = TKernel.NR;
            var kc = Kc(k);
            var ncMax = Math.Max(nr, BlockBytes / (kc * sizeof(T)) / nr * nr);
            // Packing makes a panel contiguous, so the kernel streams it without cache-set conflicts (the rows of a
            // row-major operand often lie a power-of-two stride apart). It pays when a B panel is read more than once
            // (once per row panel of A) and its block does not sit in L1 anyway; a partial last B panel is copied anyway,
            // so once beats once per row panel. A panel of A is not: each reduction step reads only MR values of it.
            var ncFirst = Math.Min(ncMax, j1 - j0);
            var packB = transB || i1 - i0 > mr && (kc * ncFirst * sizeof(T) > L1Bytes || ncFirst % nr != 0);
            // A plain B is packed by the first row panel's kernel calls, which copy each row as they read it, so the copy
            // overlaps the arithmetic; unless B's rows lie a page or more apart, where those strided reads miss in L1
            // (they share a few cache sets) and a separate copy, with many reads in flight, is quicker.
            var packInKernel = packB && !transB && n * sizeof(T) < PageBytes;
            var bSize = kc * ((Math.Min(ncMax, j1 - j0) + nr - 1) / nr * nr);
            var buffer = Scratch(bSize + kc * mr + mr * nr);
            fixed (T* scratchStart = buffer)
            {
                var bPack = Align(scratchStart);
                var aPack = bPack + bSize;
                var tile = aPack + kc * mr;
                for (var jc = j0; jc < j1; jc += ncMax)
                {
                    var nc = Math.Min(ncMax, j1 - jc);
                    for (var pc = 0; pc < k; pc += kc)
                    {
                        var kb = Math.Min(kc, k - pc);
                        var add = accumulate || pc > 0;
                        if (packB && !packInKernel)
                            for (var jr = 0; jr < nc; jr += nr)
                                if (transB) GemmPacking.Transpose(b + (nint)(jc + jr) * k + pc, k, Math.Min(nr, nc - jr), kb, bPack + jr * kb, nr);
                                else GemmPacking.Copy(b + (nint)pc * n + jc + jr, n, kb, Math.Min(nr, nc - jr), bPack + jr * kb, nr);
                        for (var ir = i0; ir < i1; ir += mr)
                        {
                            var rows = Math.Min(mr, i1 - ir);
                            T* ap;
                            nint ars, acs;
                            if (rows < mr)
                            {
                                if (transA) GemmPacking.Copy(a + (nint)pc * m + ir, m, kb, rows, aPack, mr);
                                else GemmPacking.Transpose(a + (nint)ir * k + pc, k, rows, kb, aPack, mr);
                                ap = aPack;
                                (ars, acs) = (1, mr);
                            }
                            else if (transA)
                            {
                                ap = a + (nint)pc * m + ir;
                                (ars, acs) = (1, m);
                            }
                            else
                            {
                                ap = a + (nint)ir * k + pc;
                                (ars, acs) = (k, 1);
                            }
                            for (var jr = 0; jr < nc; jr += nr)
                            {
                                var cols = Math.Min(nr, nc - jr);
                                T* bp = packB ? bPack + jr * kb : bPack, fill = null;
                                nint ldb = nr;
                                var source = b + (nint)pc * n + jc + jr;
                                if (packInKernel && ir == i0)
                                {
                                    // The first row panel packs B: a whole panel in its kernel call, a partial one by copy.
                                    if (rows == mr && cols == nr)
                                    {
                                        fill = bp;
                                        bp = source;
                                        ldb = n;
                                    }
                                    else GemmPacking.Copy(source, n, kb, cols, bp, nr);
                                }
                                else if (!packB && cols == nr)
                                {
                                    bp = source;
                                    ldb = n;
                                }
                                else if (!packB) GemmPacking.Copy(source, n, kb, cols, bPack, nr);
                                var cp = c + (nint)ir * n + jc + jr;
                                if (rows == mr && cols == nr) TKernel.Run(kb, ap, ars, acs, bp, ldb, fill, cp, n, add);
                                else
                                {
                                    TKernel.Run(kb, ap, ars, acs, bp, ldb, null, tile, nr, false);
                                    Merge(tile, nr, cp, n, rows, cols, add);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int MaxKc => KcBytes / sizeof(T);

    /// <summary>The length of the reduction's blocks: k split evenly into as few blocks of at most MaxKc as will do.</summary>
    private static int Kc(int k)
    {
        var blocks = (k + MaxKc - 1) / MaxKc;
        return (k + blocks - 1) / blocks;
    }

    /// <summary>Stores (or adds) the first rows×cols of a tile into C, a vector at a time where whole vectors fit.</summary>
    private static void Merge(T* tile, nint ldt, T* c, nint ldc, int rows, int cols, bool add)
    {
        var w = Vector256<T>.Count;
        for (var r = 0; r < rows; r++, tile += ldt, c += ldc)
        {
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j + w <= cols; j += w)
                    (add ? Vector256.Load(c + j) + Vector256.Load(tile + j) : Vector256.Load(tile + j)).Store(c + j);
            for (; j < cols; j++) c[j] = add ? c[j] + tile[j] : tile[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T* Align(T* p) => (T*)(((nint)p + 63) & ~(nint)63);

    private static T[] Scratch(int length)
    {
        var needed = length + 64 / sizeof(T);
        var s = scratch;
        if (s is null || s.Length < needed) scratch = s = GC.AllocateUninitializedArray<T>(needed, pinned: true);
        return s;
    }
}
