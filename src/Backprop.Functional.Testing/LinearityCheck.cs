using System.Globalization;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>Check 4: the pullback is linear, pullback(a·w₁ + b·w₂) = a·pullback(w₁) + b·pullback(w₂), input by input.</summary>
internal static class LinearityCheck
{
    public static CheckResult Run(CheckTarget target, Shape outputShape, Key key, double tolerance)
    {
        var points = target.Points;
        var (k1, k2) = key.Split();
        Tensor<double> w1 = k1.Normal<double>(outputShape), w2 = k2.Normal<double>(outputShape);
        double a = key.NormalAt(0), b = key.NormalAt(1);
        var mixed = target.Pullback(points, a * w1 + b * w2);
        var (g1, g2) = (target.Pullback(points, w1), target.Pullback(points, w2));
        // Rounding in a pullback is relative to the largest terms it sums, which can be far larger than a
        // result that cancels to ~0 (a bias before batch norm): errors are measured against the largest
        // scale over all inputs, so exact cancellation is not mistaken for non-linearity.
        var scales = Enumerable.Range(0, points.Count)
            .Select(i => Math.Abs(a) * Largest(g1[i]) + Math.Abs(b) * Largest(g2[i]) + Largest(mixed[i])).ToArray();
        var floor = scales.DefaultIfEmpty(0).Max();
        var worst = 0.0;
        var detail = "pullback(a·w₁ + b·w₂) = a·pullback(w₁) + b·pullback(w₂) for every input";
        for (var i = 0; i < points.Count; i++)
        {
            var error = Largest(mixed[i] - (a * g1[i] + b * g2[i]));
            var relative = error / Math.Max(Math.Max(scales[i], floor), 1e-300);
            if (!(relative <= worst))
            {
                worst = relative;
                detail = string.Create(CultureInfo.InvariantCulture,
                    $"{target.Inputs[i].Path}: pullback(a·w₁ + b·w₂) differs from a·pullback(w₁) + b·pullback(w₂) by {error:E2} (relative {relative:E2})");
            }
        }
        return new("linearity", worst <= tolerance, worst, null, points.Count, 0, detail);
    }

    /// <summary>The largest magnitude (Tensor.MaxAbs keeps the element's sign).</summary>
    private static double Largest(Tensor<double> t) => Math.Abs(t.MaxAbs());
}
