namespace Backprop.Functional.Tensors;

public readonly partial struct Shape
{
    /// <summary>
    /// The shape two operands broadcast to, by NumPy's rules: align the shapes at their last axis; two axes fit when
    /// they are equal or one of them is 1 (it stretches); a missing leading axis counts as 1. [3, 1, 5] and [4, 5]
    /// give [3, 4, 5]; [2, 3] and [3, 2] do not fit, and the error names both shapes and the axis.
    /// </summary>
    public static Shape Broadcast(Shape a, Shape b, string op = "broadcast")
    {
        if (a == b) return a;
        var rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (var i = 1; i <= rank; i++)
        {
            int m = i <= a.Rank ? a[-i] : 1, n = i <= b.Rank ? b[-i] : 1;
            dims[rank - i] = m == n || n == 1 ? m : m == 1 ? n
                : throw new ShapeException($"'{op}' cannot broadcast {a} and {b}: axis {-i} has {m} and {n} (each must be equal or 1)");
        }
        return new(dims);
    }

    /// <summary>True when this shape broadcast against <paramref name="target"/> gives <paramref name="target"/> (so SumTo can undo it).</summary>
    public bool BroadcastsTo(Shape target)
    {
        if (Rank > target.Rank) return false;
        for (var i = 1; i <= Rank; i++)
            if (this[-i] != 1 && this[-i] != target[-i]) return false;
        return true;
    }
}
