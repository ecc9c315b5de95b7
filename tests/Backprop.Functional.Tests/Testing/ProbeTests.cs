using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using static Backprop.Functional.Tests.Testing.Targets;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The probe φ(x) = ⟨w, f(x)⟩: its value, its lines through the point, and its round-off level.</summary>
public class ProbeTests
{
    private static readonly CheckTarget Target = new("product", [("x", X(1.0, 2.0)), ("y", X(3.0, -4.0))], xs => xs[0] * xs[1], (xs, w) => [w * xs[1], w * xs[0]]);
    private static readonly Tensor<double> W = X(0.5, 2.0);

    [Fact]
    public void Phi_is_the_cotangent_dotted_with_the_output()
    {
        Assert.Equal(0.5 * 3 + 2 * -8, new Probe(Target, W).At(Target.Points));
    }

    [Fact]
    public void Lines_move_every_input_along_its_direction()
    {
        var phi = new Probe(Target, W).Along([X(1.0, 0.0), X(0.0, 1.0)]);
        Assert.Equal(0.5 * 2 * 3 + 2 * 2 * -3, phi(1.0));
        Assert.Equal(0.5 * 3 + 2 * -8, phi(0.0));
    }

    [Fact]
    public void Element_lines_move_one_element_of_one_input()
    {
        var phi = new Probe(Target, W).Along(1, 1);
        Assert.Equal(0.5 * 3 + 2 * 2 * -3.5, phi(0.5));
        Assert.Equal(0.5 * 3 + 2 * -8, phi(0.0));
        Assert.Equal([3.0, -4.0], Target.Points[1].ToArray());
    }

    [Fact]
    public void The_round_off_in_double_is_64_ulps_of_the_absolute_terms()
    {
        Assert.Equal(64 * LineSamples.MachineEpsilon * (0.5 * 3 + 2 * 8), new Probe(Target, W).Noise, 1e-30);
    }

    /// <summary>In float, the noise is at least 4 ulps of the terms, and at least 4 times the measured second differences at 256 ulps.</summary>
    [Fact]
    public void The_round_off_in_float_is_at_least_four_ulps_of_the_terms()
    {
        var inFloat = Target with { Epsilon = GradCheck.FloatEpsilon };
        Assert.True(new Probe(inFloat, W).Noise >= 4 * GradCheck.FloatEpsilon * 17.5);
        var jittery = inFloat with { Forward = xs => (xs[0] * xs[1]).Map(v => v + 1e-3 * Math.Sin(1e7 * v)) };
        Assert.True(new Probe(jittery, W).Noise > 1e-4, new Probe(jittery, W).Noise.ToString());
    }
}
