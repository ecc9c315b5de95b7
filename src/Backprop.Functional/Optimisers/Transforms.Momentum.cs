using System.Numerics;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>
    /// Momentum: the velocity m′ = u + decay·m; outputs m′, or with <paramref name="nesterov"/> u + decay·m′
    /// (the look-ahead form). State "momentum" (or "nesterov"): the tree "trace", zeros at init. With decay = 0 it is
    /// the identity.
    /// </summary>
    public static Transform<T> Trace<T>(T decay, bool nesterov = false) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var name = nesterov ? "nesterov" : "momentum";
        Hyper.Decay(name, nameof(decay), decay);
        return new Transform<T>(name, p => OptState<T>.Empty.WithTree("trace", p.ZerosLike()), (u, s, _, _) =>
        {
            var trace = u.Zip(s.Tree("trace"), (ut, mt) => ut.AddScaled(mt, decay));
            var output = nesterov ? u.Zip(trace, (ut, mt) => ut.AddScaled(mt, decay)) : trace;
            return (output, s.WithTree("trace", trace));
        }).Library();
    }
}
