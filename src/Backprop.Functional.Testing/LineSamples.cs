namespace Backprop.Functional.Testing;

/// <summary>
/// A scalar function g sampled at 0, ±h, ±h/2 and ±h/4. Gives the derivative g′(0) by Richardson
/// extrapolation of central differences (error O(h⁶)), and says whether g is smooth there: its second
/// differences S(s) = g(s) − 2g(0) + g(−s) must scale like s² (S(h) ≈ 4·S(h/2) ≈ 16·S(h/4)), which a kink
/// (ReLU at 0, a max tie, |x| at 0) within h of the point breaks. Only the forward function is used,
/// so a wrong pullback can never be mistaken for a kink.
/// </summary>
internal sealed record LineSamples(double H, double G0, double[] Plus, double[] Minus)
{
    public const double MachineEpsilon = 2.220446049250313e-16;

    public static LineSamples Take(Func<double, double> g, double g0, double h) =>
        new(h, g0, [g(h), g(h / 2), g(h / 4)], [g(-h), g(-h / 2), g(-h / 4)]);

    private double Central(int level) => (Plus[level] - Minus[level]) / (2 * H / (1 << level));

    private double Second(int level) => Plus[level] - 2 * G0 + Minus[level];

    /// <summary>g′(0): central differences at h, h/2, h/4 combined by two rounds of Richardson extrapolation.</summary>
    public double Derivative
    {
        get
        {
            double r1 = (4 * Central(1) - Central(0)) / 3, r2 = (4 * Central(2) - Central(1)) / 3;
            return (16 * r2 - r1) / 15;
        }
    }

    /// <summary>Round-off allowance of the derivative for a function whose values carry round-off <paramref name="noise"/>.</summary>
    public double DerivativeNoise(double noise) => 8 * noise / H;

    /// <summary>True when a second difference does not shrink fourfold per halving (beyond round-off): a kink is within h.</summary>
    public bool IsKink(double noise)
    {
        var floor = 60 * noise;
        bool Bad(int level) => Math.Abs(Second(level) - 4 * Second(level + 1)) > 0.4 * Math.Abs(Second(level)) + floor;
        return Bad(0) || Bad(1);
    }
}
