using Xunit;

namespace Backprop.Functional.Tests.Kernels;

/// <summary>
/// Tests that assert which thread ran a part: a GEMM in a test running beside them would hold the shared pool and send
/// their jobs inline, so they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerPoolCollection
{
    public const string Name = "Worker pool";
}
