namespace Backprop.Functional.Kernels;

/// <summary>Process-wide limit on the number of threads a single kernel call (e.g. a GEMM) may use.</summary>
public static class Parallelism
{
    private static int maxDegree = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Maximum threads per kernel call; defaults to <see cref="Environment.ProcessorCount"/>, clamped to at least 1.</summary>
    public static int MaxDegreeOfParallelism
    {
        get => Volatile.Read(ref maxDegree);
        set => Volatile.Write(ref maxDegree, Math.Max(1, value));
    }
}
