using Backprop.Functional.Tensors;

namespace Backprop.Functional.Testing;

/// <summary>
/// Check 5: the same inputs give bit-identical outputs and pullbacks twice (the second time from
/// fresh copies of the inputs), and the inputs' bytes are as they were before any check ran.
/// </summary>
internal static class PurityCheck
{
    public static IReadOnlyList<double[]> Snapshot(CheckTarget target) => [.. target.Points.Select(p => p.ToArray())];

    public static CheckResult Run(CheckTarget target, Tensor<double> w, IReadOnlyList<double[]> before)
    {
        var points = target.Points;
        IReadOnlyList<Tensor<double>> copies = [.. points.Select(p => Tensor<double>.FromSpan(p.Shape, p.Span))];
        var problems = new List<string>();
        if (!Same(target.Forward(points), target.Forward(copies))) problems.Add("the output differs between two runs on the same inputs");
        var (g1, g2, g3) = (target.Pullback(points, w), target.Pullback(points, w), target.Pullback(copies, w));
        for (var i = 0; i < points.Count; i++)
            if (!Same(g1[i], g2[i]) || !Same(g1[i], g3[i]))
                problems.Add($"the pullback for {target.Inputs[i].Path} differs between two calls with the same cotangent");
        for (var i = 0; i < points.Count; i++)
            if (!Bits(points[i].Span).SequenceEqual(Bits(before[i])))
                problems.Add($"{target.Inputs[i].Path} was mutated");
        return new("purity", problems.Count == 0, 0, null, points.Count, 0,
            problems.Count == 0 ? "outputs and pullbacks bit-identical on repeat; inputs untouched" : string.Join("; ", problems));
    }

    private static bool Same(Tensor<double> a, Tensor<double> b) => a.Shape == b.Shape && Bits(a.Span).SequenceEqual(Bits(b.Span));

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (var i = 0; i < values.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }
}
