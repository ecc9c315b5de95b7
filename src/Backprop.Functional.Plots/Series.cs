namespace Backprop.Functional.Plots;

/// <summary>One named line or point set of a chart: <see cref="X"/> and <see cref="Y"/> have the same length.</summary>
public sealed record Series(string Name, double[] X, double[] Y)
{
    /// <summary>A series over 1, 2, 3, ... (steps or epochs).</summary>
    public static Series Of(string name, double[] y) => new(name, [.. Enumerable.Range(1, y.Length).Select(i => (double)i)], y);
}
