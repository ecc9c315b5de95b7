using System.Globalization;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// Check 1: one Richardson-extrapolated central difference per element of every input and parameter,
/// compared with the pullback. Elements within a step of a kink are skipped and counted.
/// </summary>
internal static class ElementwiseCheck
{
    public static (CheckResult Result, GradMismatch? Worst) Run(CheckTarget target, Probe probe, IReadOnlyList<Tensor<double>> grads, Tolerances o)
    {
        var points = target.Points;
        var g0 = probe.At(points);
        GradMismatch? worst = null;
        var worstRatio = -1.0;
        int count = 0, skipped = 0;
        for (var input = 0; input < points.Count; input++)
            for (var i = 0; i < points[input].Size; i++)
            {
                var samples = LineSamples.Take(probe.Along(input, i), g0, o.Step * Math.Max(1.0, Math.Abs(points[input].Span[i])));
                if (samples.IsKink(probe.Noise)) { skipped++; continue; }
                count++;
                double expected = samples.Derivative, got = grads[input].Span[i];
                double scale = Math.Max(Math.Abs(got), Math.Abs(expected)), error = Math.Abs(got - expected);
                var ratio = error / (o.Absolute + samples.DerivativeNoise(probe.Noise) + o.Relative * scale);   // > 1 fails
                if (!(ratio <= worstRatio))
                    (worst, worstRatio) = (new(target.Inputs[input].Path, Unravel(i, points[input].Shape), expected, got, error / Math.Max(scale, 1e-300)), ratio);
            }
        var passed = worstRatio <= 1;
        var detail = count == 0 ? "no element away from a kink"
            : string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "element" : "elements")}, worst {worst}");
        return (new("element-wise", passed, worst?.RelativeError ?? 0, null, count, skipped, detail), worst);
    }

    public static int[] Unravel(int flat, Shape shape)
    {
        var index = new int[shape.Rank];
        for (var axis = shape.Rank - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return index;
    }
}
