namespace Backprop.Functional.Kernels;

/// <summary>A fork-join body run by <see cref="WorkerPool"/>: part <c>index</c> of <c>count</c>.</summary>
internal abstract class ParallelJob
{
    public abstract void Execute(int index, int count);
}
