using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The step and tolerances: the documented values in double and in float, and the options' values where given.</summary>
public class TolerancesTests
{
    [Fact]
    public void Double_gets_the_documented_step_and_tolerances()
    {
        var t = Tolerances.For(GradCheckOptions.Default, LineSamples.MachineEpsilon);
        Assert.Equal(LineSamples.MachineEpsilon, t.Epsilon);
        Assert.Equal(1e-4, t.Step, 1e-18);
        Assert.Equal(1e-6, t.Relative, 1e-20);
        Assert.Equal(1e-8, t.Absolute, 1e-22);
        Assert.Equal(1e-9, t.Linearity, 1e-23);
    }

    /// <summary>The float values the options' documentation gives: h ≈ 0.015, relative ≈ 1.9e-3, absolute ≈ 2.3e-4, linearity ≈ 2.3e-5.</summary>
    [Fact]
    public void Float_gets_the_documented_step_and_tolerances()
    {
        var t = Tolerances.For(GradCheckOptions.Default, GradCheck.FloatEpsilon);
        Assert.Equal(0.0152, t.Step, 4);
        Assert.Equal(1.88e-3, t.Relative, 5);
        Assert.Equal(2.32e-4, t.Absolute, 6);
        Assert.Equal(2.32e-5, t.Linearity, 7);
    }

    [Fact]
    public void Given_values_win_over_the_derived_ones()
    {
        var t = Tolerances.For(new GradCheckOptions(Step: 0.5, RelativeTolerance: 0.25, AbsoluteTolerance: 0.125, LinearityTolerance: 0.0625), GradCheck.FloatEpsilon);
        Assert.Equal((0.5, 0.25, 0.125, 0.0625), (t.Step, t.Relative, t.Absolute, t.Linearity));
    }
}
