using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>Tests that start real kernels: each takes a core or more for seconds, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}
