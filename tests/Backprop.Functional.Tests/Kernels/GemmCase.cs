namespace Backprop.Functional.Tests.Kernels;

/// <summary>One random GEMM problem: shape, layout, accumulate flag and data seed.</summary>
public sealed record GemmCase(int M, int N, int K, bool TransA, bool TransB, bool Accumulate, int Seed)
{
    public override string ToString() =>
        $"{M}x{N}x{K} {(TransA ? 't' : 'n')}{(TransB ? 't' : 'n')}{(Accumulate ? " +=" : "")} seed {Seed}";
}
