using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The samples along a line: where they are taken, the extrapolated derivative, and what counts as a kink.</summary>
public class LineSamplesTests
{
    [Fact]
    public void Samples_are_taken_at_plus_and_minus_h_h_over_2_and_h_over_4()
    {
        var s = LineSamples.Take(t => t, 7, 0.5);
        Assert.Equal([0.5, 0.25, 0.125], s.Plus);
        Assert.Equal([-0.5, -0.25, -0.125], s.Minus);
        Assert.Equal((0.5, 7.0), (s.H, s.G0));
    }

    /// <summary>Two rounds of Richardson extrapolation cancel the h² and h⁴ terms: a polynomial of degree 6 is differentiated exactly, even at h = 0.5.</summary>
    [Fact]
    public void The_derivative_is_exact_for_a_polynomial_of_degree_six()
    {
        static double G(double t) => 3 + 2 * t + t * t + 5 * t * t * t - Math.Pow(t, 5) + Math.Pow(t, 6);
        Assert.Equal(2.0, LineSamples.Take(G, G(0), 0.5).Derivative, 1e-13);
    }

    /// <summary>t⁷ keeps the O(h⁶) term: its central differences are D(s) = s⁶, and the two rounds leave h⁶/64.</summary>
    [Fact]
    public void The_derivative_of_t_to_the_seventh_keeps_an_h_to_the_sixth_error()
    {
        var d = LineSamples.Take(t => Math.Pow(t, 7), 0, 0.5).Derivative;
        Assert.Equal(Math.Pow(0.5, 6) / 64, d, 1e-15);
    }

    [Fact]
    public void The_derivative_noise_is_eight_noise_over_h()
    {
        Assert.Equal(8e-10, LineSamples.Take(t => t, 0, 0.01).DerivativeNoise(1e-12), 1e-24);
    }

    [Fact]
    public void A_smooth_function_is_no_kink_and_the_absolute_value_at_zero_is()
    {
        Assert.False(LineSamples.Take(t => Math.Exp(t), 1, 0.1).IsKink(0));
        Assert.True(LineSamples.Take(Math.Abs, 0, 0.1).IsKink(0));
    }

    /// <summary>max(0, t − c): a kink at 0.7h breaks only the first halving, one at 0.3h only the second; either is a kink.</summary>
    [Theory]
    [InlineData(0.7)]
    [InlineData(0.3)]
    public void A_kink_between_any_two_steps_is_found(double at)
    {
        Assert.True(LineSamples.Take(t => Math.Max(0, t - at * 0.1), 0, 0.1).IsKink(0));
    }

    [Fact]
    public void A_kink_below_the_round_off_floor_is_not_a_kink()
    {
        static double Tiny(double t) => 1e-13 * Math.Max(0, t) / 0.1;
        Assert.True(LineSamples.Take(Tiny, 0, 0.1).IsKink(0));
        Assert.False(LineSamples.Take(Tiny, 0, 0.1).IsKink(1e-14));
    }
}
