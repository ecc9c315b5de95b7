using FsCheck.Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>A [Property] whose only job is to be discovered and run by <see cref="PropertyDiscoveryTests"/>.</summary>
public class PropertyProbe
{
    public const int MaxTest = 37;

    [Property(MaxTest = MaxTest)]
    public bool Probe_property_runs(int x) => x - x == 0;
}
