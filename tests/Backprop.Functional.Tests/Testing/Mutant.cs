using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;

namespace Backprop.Functional.Tests.Testing;

/// <summary>A deliberately wrong pullback, checked on inputs of the given sizes (all ≥ 2, so the bug always shows).</summary>
public sealed record Mutant(string Name, Func<int[], Key, GradCheckOptions?, GradCheckReport> Check)
{
    public override string ToString() => Name;
}
