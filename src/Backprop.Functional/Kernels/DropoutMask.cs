using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>The inverted-dropout mask: keep an element with probability 1 − rate and scale it by 1/(1 − rate).</summary>
public static class DropoutMask
{
    /// <summary>mask[i] = 1/(1 − rate) where uniform[i] ≥ rate, else 0 (uniform draws in [0, 1)).</summary>
    public static void Fill<T>(ReadOnlySpan<T> uniform, T rate, Span<T> mask)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var keep = T.One / (T.One - rate);
        for (var i = 0; i < mask.Length; i++) mask[i] = uniform[i] >= rate ? keep : T.Zero;
    }
}
