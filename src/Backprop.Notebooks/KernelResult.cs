using System.Collections.Immutable;

namespace Backprop.Notebooks;

/// <summary>What the kernel produced for one cell, in order, and its failure message when it failed.</summary>
public sealed record KernelResult(ImmutableArray<Output> Outputs, string? Failure)
{
    public bool Succeeded => Failure is null;
}
