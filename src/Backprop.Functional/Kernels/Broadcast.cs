using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>
/// NumPy broadcasting over row-major spans: shapes are aligned at their last axis, and an axis of size 1 stretches
/// to the other's size. Axes are coalesced into runs where neither operand changes between stretching and not, and
/// each run goes to one TensorPrimitives call (span with span, or span with the stretched operand's scalar).
/// </summary>
public static class Broadcast
{
    /// <summary>d = x op y, x of dims <paramref name="xDims"/>, y of <paramref name="yDims"/>, d of the broadcast dims <paramref name="dDims"/>.</summary>
    public static void Binary<T>(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<int> xDims, ReadOnlySpan<T> y, ReadOnlySpan<int> yDims,
        Span<T> d, ReadOnlySpan<int> dDims) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (d.Length == 0) return;
        if (x.Length == d.Length && y.Length == d.Length) { Apply(op, x, y, d); return; }
        var runs = Runs(xDims, yDims, dDims);
        var inner = runs[^1];
        var outer = d.Length / inner.N;
        Span<int> index = stackalloc int[runs.Length];
        int xOff = 0, yOff = 0;
        for (var row = 0; row < outer; row++)
        {
            var dst = d.Slice(row * inner.N, inner.N);
            if (inner.XFull && inner.YFull) Apply(op, x.Slice(xOff, inner.N), y.Slice(yOff, inner.N), dst);
            else if (inner.YFull) Apply(op, x[xOff], y.Slice(yOff, inner.N), dst);
            else Apply(op, x.Slice(xOff, inner.N), y[yOff], dst);
            for (var a = runs.Length - 2; a >= 0; a--)         // the odometer over the outer runs
            {
                var r = runs[a];
                if (++index[a] < r.N) { xOff += r.XStride; yOff += r.YStride; break; }
                index[a] = 0;
                xOff -= (r.N - 1) * r.XStride;
                yOff -= (r.N - 1) * r.YStride;
            }
        }
    }

    /// <summary>d = x stretched to <paramref name="dDims"/> (NumPy's broadcast_to, copied).</summary>
    public static void To<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> xDims, Span<T> d, ReadOnlySpan<int> dDims)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (d.Length == 0) return;
        if (x.Length == d.Length) { x.CopyTo(d); return; }
        var runs = Runs(xDims, [], dDims);
        var inner = runs[^1];
        Span<int> index = stackalloc int[runs.Length];
        var xOff = 0;
        for (var row = 0; row < d.Length / inner.N; row++)
        {
            var dst = d.Slice(row * inner.N, inner.N);
            if (inner.XFull) x.Slice(xOff, inner.N).CopyTo(dst); else dst.Fill(x[xOff]);
            for (var a = runs.Length - 2; a >= 0; a--)
            {
                var r = runs[a];
                if (++index[a] < r.N) { xOff += r.XStride; break; }
                index[a] = 0;
                xOff -= (r.N - 1) * r.XStride;
            }
        }
    }

    /// <summary>One coalesced axis: its length, whether each operand runs along it (else it is stretched), and their strides.</summary>
    private readonly record struct Run(int N, bool XFull, bool YFull, int XStride, int YStride);

    private static Run[] Runs(ReadOnlySpan<int> xDims, ReadOnlySpan<int> yDims, ReadOnlySpan<int> dDims)
    {
        var r = dDims.Length;
        var merged = new List<(int N, bool X, bool Y)>(r);
        for (var a = 0; a < r; a++)
        {
            var n = dDims[a];
            if (n == 1) continue;
            bool xf = At(xDims, a, r) == n, yf = At(yDims, a, r) == n;
            if (merged.Count > 0 && merged[^1].X == xf && merged[^1].Y == yf) merged[^1] = (merged[^1].N * n, xf, yf);
            else merged.Add((n, xf, yf));
        }
        if (merged.Count == 0) merged.Add((1, true, true));
        var runs = new Run[merged.Count];
        int xs = 1, ys = 1;
        for (var a = merged.Count - 1; a >= 0; a--)
        {
            var (n, xf, yf) = merged[a];
            runs[a] = new(n, xf, yf, xf ? xs : 0, yf ? ys : 0);
            if (xf) xs *= n;
            if (yf) ys *= n;
        }
        return runs;
    }

    /// <summary>The size of axis <paramref name="a"/> of a result of rank <paramref name="rank"/> in an operand aligned at the end (1 where it has none).</summary>
    private static int At(ReadOnlySpan<int> dims, int a, int rank) => a - (rank - dims.Length) is var i && i >= 0 ? dims[i] : 1;

    private static void Apply<T>(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, d); break;
            case BinaryOp.Power: TensorPrimitives.Pow(x, y, d); break;
            default: for (var i = 0; i < d.Length; i++) d[i] = Compare(op, x[i], y[i]); break;
        }
    }

    private static void Apply<T>(BinaryOp op, ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, d); break;
            case BinaryOp.Power: TensorPrimitives.Pow(x, y, d); break;
            default: for (var i = 0; i < d.Length; i++) d[i] = Compare(op, x[i], y); break;
        }
    }

    private static void Apply<T>(BinaryOp op, T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(y, x, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(y, x, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(y, x, d); break;
            case BinaryOp.Power: TensorPrimitives.Pow(x, y, d); break;
            default: for (var i = 0; i < d.Length; i++) d[i] = Compare(op, x, y[i]); break;
        }
    }

    private static T Compare<T>(BinaryOp op, T x, T y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (op switch
        {
            BinaryOp.Greater => x > y,
            BinaryOp.GreaterOrEqual => x >= y,
            BinaryOp.Less => x < y,
            BinaryOp.LessOrEqual => x <= y,
            BinaryOp.Equal => x == y,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a binary operation"),
        }) ? T.One : T.Zero;

    /// <summary>d = cond ≠ 0 ? a : b, all three of d's length (NaN in cond counts as true, as in NumPy).</summary>
    public static void Select<T>(ReadOnlySpan<T> cond, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var i = 0; i < d.Length; i++) d[i] = cond[i] != T.Zero ? a[i] : b[i];
    }
}
