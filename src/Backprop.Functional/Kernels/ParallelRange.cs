namespace Backprop.Functional.Kernels;

/// <summary>
/// Fork-join over the items 0..count−1 (the images of a batch, say) on <see cref="WorkerPool"/>: each part gets one
/// contiguous range. Only for kernels whose items write disjoint outputs and whose per-item arithmetic does not depend
/// on the range it falls in, so the results are the same to the bit for any thread count.
/// </summary>
internal static class ParallelRange
{
    /// <summary>The work (multiply-adds or element reads) a part must have before fork-join pays off.</summary>
    public const long MinWorkPerPart = 1 << 17;

    /// <summary>How many parts <see cref="For"/> splits <paramref name="count"/> items of <paramref name="workPerItem"/> into.</summary>
    public static int Parts(int count, long workPerItem)
    {
        var threads = Math.Min(Math.Min(Parallelism.MaxDegreeOfParallelism, Environment.ProcessorCount), count);
        return (int)Math.Clamp((long)count * Math.Max(1, workPerItem) / MinWorkPerPart, 1, Math.Max(1, threads));
    }

    /// <summary>Runs <c>body(part, start, end)</c> over <paramref name="parts"/> contiguous ranges covering [0, count).</summary>
    public static void For(int count, int parts, Action<int, int, int> body)
    {
        if (parts <= 1 || count <= 1)
        {
            if (count > 0) body(0, 0, count);
            return;
        }
        WorkerPool.Run(new Job(body, count), Math.Min(parts, count));
    }

    private sealed class Job(Action<int, int, int> body, int count) : ParallelJob
    {
        public override void Execute(int index, int parts) =>
            body(index, (int)((long)count * index / parts), (int)((long)count * (index + 1) / parts));
    }
}
