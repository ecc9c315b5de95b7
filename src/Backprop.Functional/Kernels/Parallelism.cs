namespace Backprop.Functional.Kernels;

/// <summary>
/// How many threads a single kernel call (a GEMM, say) may use: <see cref="Environment.ProcessorCount"/> unless the
/// code runs inside <see cref="With{R}"/>, whose limit holds for that code alone (and the tasks it starts), so two
/// callers with different limits never see each other's and nothing needs restoring afterwards.
/// </summary>
public static class Parallelism
{
    private static readonly AsyncLocal<int> limit = new();

    /// <summary>The limit in force here: the innermost <see cref="With{R}"/>'s, else the processor count (at least 1).</summary>
    public static int MaxDegreeOfParallelism => limit.Value > 0 ? limit.Value : Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Runs <paramref name="f"/> with at most <paramref name="threads"/> threads per kernel call (at least 1). A lazy
    /// result (a training sequence) must be read inside <paramref name="f"/> for the limit to apply to it.
    /// </summary>
    public static R With<R>(int threads, Func<R> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var saved = limit.Value;
        limit.Value = Math.Max(1, threads);
        try { return f(); }
        finally { limit.Value = saved; }
    }
}
