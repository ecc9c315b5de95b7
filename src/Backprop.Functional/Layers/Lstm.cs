using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Long short-term memory, unrolled over a sequence. With h and c starting at zero, for each step t:
/// z = x_t·Wx + h·Wh + b, split into four gates [i, f, g, o] of width hidden;
/// c ← σ(f)⊙c + σ(i)⊙tanh(g); h ← σ(o)⊙tanh(c).
/// The recurrent state (h, c) is data threaded through a fold; gradients through time come from the tape.
/// Inputs: x [batch, time, features] (or, with <see cref="Unroll{T}"/>, a list of [batch, features]).
/// Returns: the last hidden state [batch, hidden], or every one as [batch, time, hidden] when sequences is true.
/// Parameters: "wx" [features, 4·hidden] (Glorot uniform), "wh" [hidden, 4·hidden] (orthogonal), "b" [4·hidden]
/// (zeros); the gates in the order i, f, g, o, as in PyTorch.
/// State: none.
/// </summary>
public static class Lstm
{
    public static Layer<T> Create<T>(int hidden, bool sequences = false, string name = "lstm") where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Expect.Positive(hidden, nameof(hidden), name);
        return x => Diff.Scope(name,
            from _ in Expect.Sequence(x, "lstm")
            from steps in Sequence.Unstack(x)
            from hs in Steps(steps, hidden)
            from y in sequences ? Sequence.Stack(hs) : Diff.Pure<T, Var<T>>(hs[^1])
            select y);
    }

    /// <summary>The hidden states h_1..h_T for the inputs x_1..x_T ([batch, features] each), in a scope of their own.</summary>
    public static Diff<T, ImmutableList<Var<T>>> Unroll<T>(IReadOnlyList<Var<T>> xs, int hidden, string name = "lstm")
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Scope(name, Steps(xs, Expect.Positive(hidden, nameof(hidden), name)));

    private static Diff<T, ImmutableList<Var<T>>> Steps<T>(IReadOnlyList<Var<T>> xs, int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (xs.Count == 0 || xs[0].Shape.Rank != 2) throw new ArgumentException("an lstm needs at least one step of [batch, features]", nameof(xs));
        var zeros = Var<T>.Constant(Tensor<T>.Zeros(new Shape(xs[0].Shape[0], n)));
        return
            from wx in Diff.Param("wx", new Shape(xs[0].Shape[1], 4 * n), Initialisers.GlorotUniform<T>())
            from wh in Diff.Param("wh", new Shape(n, 4 * n), Initialisers.Orthogonal<T>())
            from b in Diff.Param("b", new Shape(4 * n), Initialisers.Zeros<T>())
            from final in xs.Aggregate(
                Diff.Pure<T, (Var<T> H, Var<T> C, ImmutableList<Var<T>> Hs)>((zeros, zeros, [])),
                (state, x) =>
                    from s in state
                    from next in Cell(x, s.H, s.C, wx, wh, b, n)
                    select (next.H, next.C, s.Hs.Add(next.H)))
            select final.Hs;
    }

    /// <summary>One step: (x_t, h, c) ↦ (h', c').</summary>
    public static Diff<T, (Var<T> H, Var<T> C)> Cell<T>(Var<T> x, Var<T> h, Var<T> c, Var<T> wx, Var<T> wh, Var<T> b, int hidden)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from zx in Ops.MatMul(x, wx)
        from zh in Ops.MatMul(h, wh)
        from zs in Ops.Add(zx, zh)
        from z in Ops.AddBias(zs, b)
        from i in Gate(z, 0, hidden, Ops.Sigmoid)
        from f in Gate(z, 1, hidden, Ops.Sigmoid)
        from g in Gate(z, 2, hidden, Ops.Tanh)
        from o in Gate(z, 3, hidden, Ops.Sigmoid)
        from kept in Ops.Multiply(f, c)
        from written in Ops.Multiply(i, g)
        from c2 in Ops.Add(kept, written)
        from squashed in Ops.Tanh(c2)
        from h2 in Ops.Multiply(o, squashed)
        select (h2, c2);

    internal static Diff<T, Var<T>> Gate<T>(Var<T> z, int index, int hidden, Func<Var<T>, Diff<T, Var<T>>> activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from part in Ops.Slice(z, index * hidden, hidden)
        from a in activation(part)
        select a;
}
