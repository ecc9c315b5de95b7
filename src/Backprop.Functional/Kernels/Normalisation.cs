using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Standardisation per channel of a tensor seen as [outer, channels, inner]: each channel's
/// Outer·Inner elements get mean 0 and variance 1 (biased variance, as batch and layer norm use).
/// </summary>
public static class Normalisation
{
    /// <summary>
    /// x̂ = (x − μ_c)·r_c with r_c = 1/√(σ²_c + ε). Writes x̂, the means, the variances and r
    /// (all [channels]) for the pullback and the running statistics.
    /// </summary>
    public static void Standardise<T>(ReadOnlySpan<T> x, Span<T> xhat, Span<T> mean, Span<T> variance, Span<T> inverseStd, T epsilon, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var n = T.CreateChecked(l.PerChannel);
        Channels.Sum(x, mean, l);
        TensorPrimitives.Divide(mean[..l.Channels], n, mean);
        var negated = new T[l.Channels];
        TensorPrimitives.Negate(mean[..l.Channels], negated);
        Channels.Add(x, negated, xhat, l);                  // x − μ
        Channels.Dot(xhat, xhat, variance, l);
        TensorPrimitives.Divide(variance[..l.Channels], n, variance);
        TensorPrimitives.Add(variance[..l.Channels], epsilon, inverseStd);
        TensorPrimitives.ReciprocalSqrt(inverseStd[..l.Channels], inverseStd);
        Channels.Scale(xhat, inverseStd, xhat, l);
    }

    /// <summary>
    /// The pullback of standardisation: dx = r_c·(dy − mean_c(dy) − x̂·mean_c(dy·x̂)). The two means are
    /// what the dependence of μ and σ on every element of the channel adds to the plain dy·r.
    /// </summary>
    public static void StandardiseBackward<T>(ReadOnlySpan<T> xhat, ReadOnlySpan<T> dy, ReadOnlySpan<T> inverseStd, Span<T> dx, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var n = T.CreateChecked(l.PerChannel);
        var meanDy = new T[l.Channels];
        var meanDyXhat = new T[l.Channels];
        Channels.Sum(dy, meanDy, l);
        Channels.Dot(dy, xhat, meanDyXhat, l);
        TensorPrimitives.Divide(meanDy, -n, meanDy);            // −mean(dy)
        TensorPrimitives.Divide(meanDyXhat, -n, meanDyXhat);    // −mean(dy·x̂)
        Channels.ScaleShift(xhat, meanDyXhat, meanDy, dx, l);   // −x̂·mean(dy·x̂) − mean(dy)
        TensorPrimitives.Add(dx, dy, dx);
        Channels.Scale(dx, inverseStd, dx, l);
    }
}
