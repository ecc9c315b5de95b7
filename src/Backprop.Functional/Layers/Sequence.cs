using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Between a sequence tensor [batch, time, ...] and its steps [batch, ...]. Both split or join in halves, so the
/// pullbacks copy O(t·log t) elements rather than the O(t²) of t one-step slices of the whole tensor.
/// </summary>
internal static class Sequence
{
    public static Diff<T, ImmutableList<Var<T>>> Unstack<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var time = x.Shape[1];
        if (time < 1) throw new ShapeException($"a sequence needs at least one time step, got {x.Shape}");
        if (time == 1) return Ops.Reshape(x, new Shape([.. x.Shape.Dims.RemoveAt(1)])).Select(ImmutableList.Create);
        var half = time / 2;
        return
            from left in Ops.Slice(x, 0, half)
            from right in Ops.Slice(x, half, time - half)
            from l in Unstack(left)
            from r in Unstack(right)
            select l.AddRange(r);
    }

    public static Diff<T, Var<T>> Stack<T>(IReadOnlyList<Var<T>> steps) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Stack(steps, 0, steps.Count);

    private static Diff<T, Var<T>> Stack<T>(IReadOnlyList<Var<T>> steps, int lo, int hi) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (hi - lo == 1) return Ops.Reshape(steps[lo], new Shape([.. steps[lo].Shape.Dims.Insert(1, 1)]));
        var middle = (lo + hi) / 2;
        return
            from l in Stack(steps, lo, middle)
            from r in Stack(steps, middle, hi)
            from y in Ops.Concat(l, r)
            select y;
    }
}
