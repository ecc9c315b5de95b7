namespace Backprop.Functional.Kernels;

/// <summary>
/// Register-tiled GEMM inner kernel computing one MR×NR tile of C over kc steps of the reduction.
/// Element (r, p) of the A panel is at <c>a[r*ars + p*acs]</c>; row p of the B panel is NR contiguous
/// values at <c>b + p*ldb</c>. The tile is written to <c>c[r*ldc + j]</c>: stored when <c>add</c> is false,
/// otherwise added to C. When <c>pack</c> is not null, each B row read is also copied to <c>pack + p*NR</c>,
/// so the first row panel packs B for the others as it goes (the copy overlaps the arithmetic). Per element the sum is a plain FMA chain over p, so every implementation of a
/// given tile gives the same result whichever thread runs it.
/// </summary>
internal unsafe interface IMicroKernel<T> where T : unmanaged
{
    static abstract int MR { get; }
    static abstract int NR { get; }
    static abstract void Run(int kc, T* a, nint ars, nint acs, T* b, nint ldb, T* pack, T* c, nint ldc, bool add);
}
