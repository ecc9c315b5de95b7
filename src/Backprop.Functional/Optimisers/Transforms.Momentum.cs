using System.Numerics;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>
    /// Momentum: the velocity m′ = u + decay·m; outputs m′, or with <paramref name="nesterov"/> u + decay·m′
    /// (the look-ahead form). State: <see cref="TraceState{T}"/>, zeros at init. With decay = 0 it is the identity.
    /// </summary>
    public static Transform<T, TraceState<T>> Trace<T>(T decay, bool nesterov = false) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.Decay(nesterov ? "nesterov" : "momentum", nameof(decay), decay);
        return new Transform<T, TraceState<T>>(p => new TraceState<T>(p.ZerosLike()), (u, s, _) =>
        {
            var trace = u.Zip(s.Trace, (ut, mt) => ut.AddScaled(mt, decay));
            var output = nesterov ? u.Zip(trace, (ut, mt) => ut.AddScaled(mt, decay)) : trace;
            return (output, new TraceState<T>(trace));
        }).Library();
    }
}
