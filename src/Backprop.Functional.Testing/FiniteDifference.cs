using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>Numerical partial derivatives of a scalar function of a tensor.</summary>
public static class FiniteDifference
{
    /// <summary>
    /// ∂φ/∂x_i by central differences at steps h and h/2 combined by Richardson extrapolation:
    /// (4·D(h/2) − D(h)) / 3, whose error is O(h⁴) for smooth φ. The step scales with |x_i|.
    /// </summary>
    public static double Partial(Func<Tensor<double>, double> phi, Tensor<double> x, int i, double step)
    {
        var h = step * Math.Max(1.0, Math.Abs(x.Span[i]));
        double Central(double s) => (phi(Nudge(x, i, s)) - phi(Nudge(x, i, -s))) / (2 * s);
        return (4 * Central(h / 2) - Central(h)) / 3;
    }

    private static Tensor<double> Nudge(Tensor<double> x, int i, double delta)
    {
        var values = x.ToArray();
        values[i] += delta;
        return Tensor<double>.FromSpan(x.Shape, values);
    }
}
