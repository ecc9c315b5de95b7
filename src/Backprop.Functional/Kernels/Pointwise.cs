using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// Element-wise activations and their pullbacks that TensorPrimitives has no single call for
/// (a branch per element). Forward and backward kernels read the same inputs as the rules give them.
/// </summary>
public static class Pointwise
{
    /// <summary>y = x where x &gt; 0, else slope·x.</summary>
    public static void LeakyRelu<T>(ReadOnlySpan<T> x, T slope, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : slope * x[i];
    }

    /// <summary>dx = dy where x &gt; 0, else slope·dy.</summary>
    public static void LeakyReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, T slope, Span<T> dx) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) dx[i] = x[i] > T.Zero ? dy[i] : slope * dy[i];
    }

    /// <summary>y = x where x &gt; 0, else α(eˣ − 1) (computed as α·expm1(x), accurate near 0).</summary>
    public static void Elu<T>(ReadOnlySpan<T> x, T alpha, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : alpha * ExpM1(x[i]);
    }

    /// <summary>
    /// eˣ − 1 to a few ulps relative, also near 0, where .NET's T.ExpM1 (which is Exp(x) − 1) loses every digit:
    /// Kahan's trick, (u − 1)·x / log u with u = eˣ, cancels the rounding of u in the ratio.
    /// </summary>
    private static T ExpM1<T>(T x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var u = T.Exp(x);
        if (u == T.One) return x;
        var um1 = u - T.One;
        return um1 == -T.One || T.IsInfinity(u) ? um1 : um1 * x / T.Log(u);
    }

    /// <summary>log(1 + x) to a few ulps relative for small x, where .NET's T.LogP1 (Log(1 + x)) does not: Kahan's trick.</summary>
    private static T LogP1<T>(T x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var u = T.One + x;
        return u == T.One ? x : T.Log(u) * x / (u - T.One);
    }

    /// <summary>dx = dy where x &gt; 0, else dy·(y + α), since d/dx α(eˣ − 1) = αeˣ = y + α.</summary>
    public static void EluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, T alpha, Span<T> dx) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) dx[i] = x[i] > T.Zero ? dy[i] : dy[i] * (y[i] + alpha);
    }

    private static T GeluC<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.CreateChecked(0.7978845608028654);   // √(2/π)
    private static T GeluA<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.CreateChecked(0.044715);

    /// <summary>
    /// y = ½x(1 + tanh(u)) with u = √(2/π)(x + 0.044715x³): the tanh approximation of GELU, computed as x·σ(2u)
    /// (the same function: ½(1 + tanh u) = σ(2u)), which does not cancel for x ≪ 0 as 1 + tanh u does.
    /// </summary>
    public static void Gelu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T c = GeluC<T>(), a = GeluA<T>();
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            y[i] = v * Sigmoid(Two<T>() * c * (v + a * v * v * v));
        }
    }

    /// <summary>
    /// dx = dy·(½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)) with t = tanh(u); with s = σ(2u) = ½(1 + t), and
    /// 1 − t² = 4s(1 − s), that is dy·(s + 2x·s(1 − s)·√(2/π)(1 + 3·0.044715x²)).
    /// </summary>
    public static void GeluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T c = GeluC<T>(), a = GeluA<T>(), three = T.CreateChecked(3);
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            var s = Sigmoid(Two<T>() * c * (v + a * v * v * v));
            dx[i] = dy[i] * (s + Two<T>() * v * s * (T.One - s) * c * (T.One + three * a * v * v));
        }
    }

    private static T Two<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.One + T.One;

    /// <summary>σ(z), as eᶻ/(1 + eᶻ) for z &lt; 0 so that e^−z never overflows where σ is still representable.</summary>
    private static T Sigmoid<T>(T z) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (z >= T.Zero) return T.One / (T.One + T.Exp(-z));
        var e = T.Exp(z);
        return e / (T.One + e);
    }

    /// <summary>y = log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|), which never overflows and stays accurate for x ≪ 0.</summary>
    public static void Softplus<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) y[i] = T.Max(x[i], T.Zero) + LogP1(T.Exp(-T.Abs(x[i])));
    }

    /// <summary>y = 1 where x &gt; 0, else 0 (the Heaviside step).</summary>
    public static void Heaviside<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : T.Zero;
    }

    /// <summary>y = sign(x): −1, 0 or 1 (0 at 0, NaN stays NaN).</summary>
    public static void Sign<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : x[i] < T.Zero ? -T.One : x[i];
    }

    /// <summary>y = clamp(x, −bound, bound); NaN stays NaN.</summary>
    public static void Clamp<T>(ReadOnlySpan<T> x, T bound, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TensorPrimitives.Min(x, bound, y);
        TensorPrimitives.Max(y, -bound, y);
    }

    /// <summary>
    /// Huber: Σ h(e) with h(e) = ½e² if |e| ≤ δ, else δ(|e| − ½δ). Writes h′(e) = clamp(e, −δ, δ)
    /// to <paramref name="slope"/> for the pullback and returns the sum.
    /// </summary>
    public static T HuberSum<T>(ReadOnlySpan<T> error, T delta, Span<T> slope) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var half = T.CreateChecked(0.5);
        var total = T.Zero;
        for (var i = 0; i < error.Length; i++)
        {
            var e = error[i];
            var m = T.Abs(e);
            total += m <= delta ? half * e * e : delta * (m - half * delta);
        }
        Clamp(error, delta, slope);
        return total;
    }

    /// <summary>
    /// Binary cross-entropy from logits, Σ max(z, 0) − z·y + log(1 + e^−|z|) (stable for any z).
    /// Writes σ(z) to <paramref name="probs"/> for the pullback and returns the sum.
    /// </summary>
    public static T BinaryCrossEntropySum<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> targets, Span<T> probs) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var total = T.Zero;
        for (var i = 0; i < logits.Length; i++)
        {
            var z = logits[i];
            total += T.Max(z, T.Zero) - z * targets[i] + LogP1(T.Exp(-T.Abs(z)));
        }
        Activation.Sigmoid(logits, probs);
        return total;
    }

    /// <summary>True when no element is NaN or ±∞.</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // v − v is 0 for a finite v and NaN for ±∞ or NaN; summing those keeps a NaN once one appears.
        // Four independent sums, so the loop runs at load speed rather than at the latency of one add chain.
        ref var start = ref MemoryMarshal.GetReference(x);
        var i = 0;
        if (Vector512.IsHardwareAccelerated && x.Length >= 4 * Vector512<T>.Count)
        {
            var w = Vector512<T>.Count;
            Vector512<T> a0 = Vector512<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= x.Length - 4 * w; i += 4 * w)
            {
                var v0 = Vector512.LoadUnsafe(ref start, (nuint)i);
                var v1 = Vector512.LoadUnsafe(ref start, (nuint)(i + w));
                var v2 = Vector512.LoadUnsafe(ref start, (nuint)(i + 2 * w));
                var v3 = Vector512.LoadUnsafe(ref start, (nuint)(i + 3 * w));
                a0 += v0 - v0;
                a1 += v1 - v1;
                a2 += v2 - v2;
                a3 += v3 - v3;
            }
            if (!Vector512.EqualsAll(a0 + a1 + (a2 + a3), Vector512<T>.Zero)) return false;
        }
        if (Vector256.IsHardwareAccelerated && x.Length - i >= Vector256<T>.Count)
        {
            var acc = Vector256<T>.Zero;
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                acc += v - v;
            }
            if (!Vector256.EqualsAll(acc, Vector256<T>.Zero)) return false;
        }
        for (; i < x.Length; i++)
            if (!T.IsFinite(x[i])) return false;
        return true;
    }

    /// <summary>
    /// d = x·s + addend with TensorPrimitives.MultiplyAdd's bits (multiplied and rounded, then added and rounded), and
    /// whether every element of d is finite, found in the same pass (d − d summed, as in <see cref="AllFinite{T}"/>).
    /// </summary>
    internal static bool MultiplyAddFinite<T>(ReadOnlySpan<T> x, T s, ReadOnlySpan<T> addend, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.Length != addend.Length || x.Length != d.Length)
            throw new ArgumentException($"multiply-add needs equal lengths, got {x.Length}, {addend.Length} and {d.Length}");
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pa = ref MemoryMarshal.GetReference(addend);
        ref var pd = ref MemoryMarshal.GetReference(d);
        var i = 0;
        var finite = true;
        if (Vector512.IsHardwareAccelerated && x.Length >= 2 * Vector512<T>.Count)
        {
            var w = Vector512<T>.Count;
            var vs = Vector512.Create(s);
            Vector512<T> c0 = Vector512<T>.Zero, c1 = c0;
            for (; i <= x.Length - 2 * w; i += 2 * w)
            {
                var d0 = Vector512.LoadUnsafe(ref px, (nuint)i) * vs + Vector512.LoadUnsafe(ref pa, (nuint)i);
                var d1 = Vector512.LoadUnsafe(ref px, (nuint)(i + w)) * vs + Vector512.LoadUnsafe(ref pa, (nuint)(i + w));
                d0.StoreUnsafe(ref pd, (nuint)i);
                d1.StoreUnsafe(ref pd, (nuint)(i + w));
                c0 += d0 - d0;
                c1 += d1 - d1;
            }
            finite = Vector512.EqualsAll(c0 + c1, Vector512<T>.Zero);
        }
        if (Vector256.IsHardwareAccelerated && x.Length - i >= Vector256<T>.Count)
        {
            var vs = Vector256.Create(s);
            var c = Vector256<T>.Zero;
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var v = Vector256.LoadUnsafe(ref px, (nuint)i) * vs + Vector256.LoadUnsafe(ref pa, (nuint)i);
                v.StoreUnsafe(ref pd, (nuint)i);
                c += v - v;
            }
            finite &= Vector256.EqualsAll(c, Vector256<T>.Zero);
        }
        for (; i < x.Length; i++)
        {
            d[i] = x[i] * s + addend[i];
            finite &= T.IsFinite(d[i]);
        }
        return finite;
    }
}
