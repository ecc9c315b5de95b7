namespace Backprop.Functional.Testing;

/// <summary>The step and tolerances of one check: the options' where given, else derived from the type's epsilon.</summary>
internal readonly record struct Tolerances(double Epsilon, double Step, double Relative, double Absolute, double Linearity)
{
    public static Tolerances For(GradCheckOptions o, double epsilon)
    {
        var ratio = epsilon / LineSamples.MachineEpsilon;
        return new(epsilon,
            o.Step ?? 1e-4 * Math.Pow(ratio, 0.25),
            o.RelativeTolerance ?? 1e-6 * Math.Pow(ratio, 0.375),
            o.AbsoluteTolerance ?? 1e-8 * Math.Sqrt(ratio),
            o.LinearityTolerance ?? 1e-9 * Math.Sqrt(ratio));
    }
}
