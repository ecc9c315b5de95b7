using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Gated recurrent unit, unrolled over a sequence (PyTorch's formulation). With h starting at zero, for each step t:
/// a = x_t·Wx + bx and u = h·Wh + bh, each split into [r, z, n] parts of width hidden;
/// r = σ(a_r + u_r), z = σ(a_z + u_z), n = tanh(a_n + r⊙u_n), h ← n + z⊙(h − n) (= (1 − z)⊙n + z⊙h).
/// Inputs: x [batch, time, features] (or, with <see cref="Unroll{T}"/>, a list of [batch, features]).
/// Returns: the last hidden state [batch, hidden], or every one as [batch, time, hidden] when sequences is true.
/// Parameters: "wx" [features, 3·hidden] (Glorot uniform), "wh" [hidden, 3·hidden] (orthogonal), "bx" and "bh"
/// [3·hidden] (zeros).
/// State: none.
/// </summary>
public static class Gru
{
    public static Layer<T> Create<T>(int hidden, bool sequences = false, string name = "gru") where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Expect.Positive(hidden, nameof(hidden), name);
        return x => Diff.Scope(name,
            from _ in Expect.Sequence(x, "gru")
            from steps in Sequence.Unstack(x)
            from hs in Steps(steps, hidden)
            from y in sequences ? Sequence.Stack(hs) : Diff.Pure<T, Var<T>>(hs[^1])
            select y);
    }

    /// <summary>The hidden states h_1..h_T for the inputs x_1..x_T ([batch, features] each), in a scope of their own.</summary>
    public static Diff<T, ImmutableList<Var<T>>> Unroll<T>(IReadOnlyList<Var<T>> xs, int hidden, string name = "gru")
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Scope(name, Steps(xs, Expect.Positive(hidden, nameof(hidden), name)));

    private static Diff<T, ImmutableList<Var<T>>> Steps<T>(IReadOnlyList<Var<T>> xs, int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (xs.Count == 0 || xs[0].Shape.Rank != 2) throw new ArgumentException("a gru needs at least one step of [batch, features]", nameof(xs));
        var zeros = Var<T>.Constant(Tensor<T>.Zeros(new Shape(xs[0].Shape[0], n)));
        return
            from wx in Diff.Param("wx", new Shape(xs[0].Shape[1], 3 * n), Initialisers.GlorotUniform<T>())
            from wh in Diff.Param("wh", new Shape(n, 3 * n), Initialisers.Orthogonal<T>())
            from bx in Diff.Param("bx", new Shape(3 * n), Initialisers.Zeros<T>())
            from bh in Diff.Param("bh", new Shape(3 * n), Initialisers.Zeros<T>())
            from final in xs.Aggregate(
                Diff.Pure<T, (Var<T> H, ImmutableList<Var<T>> Hs)>((zeros, [])),
                (state, x) =>
                    from s in state
                    from h in Cell(x, s.H, wx, wh, bx, bh, n)
                    select (h, s.Hs.Add(h)))
            select final.Hs;
    }

    /// <summary>One step: (x_t, h) ↦ h'.</summary>
    public static Diff<T, Var<T>> Cell<T>(Var<T> x, Var<T> h, Var<T> wx, Var<T> wh, Var<T> bx, Var<T> bh, int hidden)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from ax in Ops.MatMul(x, wx)
        from a in Ops.AddBias(ax, bx)
        from uh in Ops.MatMul(h, wh)
        from u in Ops.AddBias(uh, bh)
        from ar in Ops.Slice(a, 0, hidden)
        from ur in Ops.Slice(u, 0, hidden)
        from sr in Ops.Add(ar, ur)
        from r in Ops.Sigmoid(sr)
        from az in Ops.Slice(a, hidden, hidden)
        from uz in Ops.Slice(u, hidden, hidden)
        from sz in Ops.Add(az, uz)
        from z in Ops.Sigmoid(sz)
        from an in Ops.Slice(a, 2 * hidden, hidden)
        from un in Ops.Slice(u, 2 * hidden, hidden)
        from gated in Ops.Multiply(r, un)
        from sn in Ops.Add(an, gated)
        from n in Ops.Tanh(sn)
        from towardsOld in Ops.Subtract(h, n)
        from kept in Ops.Multiply(z, towardsOld)
        from h2 in Ops.Add(n, kept)
        select h2;
}
