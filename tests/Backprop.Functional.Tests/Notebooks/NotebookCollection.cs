using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>Tests that run notebooks: they capture the console, so they run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}
