namespace Backprop.Functional.Diagnostics;

/// <summary>One layer's gradient norms over a run: at the first and last recorded step, and the least, greatest and median.</summary>
public sealed record GradientNormRow(string Layer, int Steps, double First, double Last, double Min, double Max, double Median)
{
    /// <summary>Last ÷ first: far below 1, the layer's gradients vanished; far above, they exploded.</summary>
    public double Ratio => Last / First;
}
