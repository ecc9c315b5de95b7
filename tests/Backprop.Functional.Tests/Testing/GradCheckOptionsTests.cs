using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The documented defaults of the checker's options and the two named presets.</summary>
public class GradCheckOptionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var o = GradCheckOptions.Default;
        Assert.Equal((GradCheckMode.Auto, 256, 3, 5, true), (o.Mode, o.MaxElementwise, o.Projections, o.KinkRetries, o.Training));
        Assert.Null(o.Step);
        Assert.Null(o.RelativeTolerance);
        Assert.Null(o.AbsoluteTolerance);
        Assert.Null(o.LinearityTolerance);
    }

    [Fact]
    public void Fast_and_full_change_only_the_mode()
    {
        Assert.Equal(GradCheckOptions.Default with { Mode = GradCheckMode.Fast }, GradCheckOptions.Fast);
        Assert.Equal(GradCheckOptions.Default with { Mode = GradCheckMode.Full }, GradCheckOptions.Full);
    }
}
