using System.Numerics;

namespace Backprop.Functional.Kernels;

/// <summary>Per-channel broadcasts and reductions over a tensor seen as [outer, channels, inner].</summary>
public static class Channels
{
    /// <summary>y[o, c, i] = x[o, c, i]·scale[c] + shift[c].</summary>
    public static void ScaleShift<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> scale, ReadOnlySpan<T> shift, Span<T> y, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var row = l.Channels * l.Inner;
        for (var o = 0; o < l.Outer; o++)
            if (l.Inner == 1)
                TensorPrimitives.MultiplyAdd(x.Slice(o * row, row), scale, shift, y.Slice(o * row, row));
            else
                for (var c = 0; c < l.Channels; c++)
                {
                    var at = o * row + c * l.Inner;
                    TensorPrimitives.Multiply(x.Slice(at, l.Inner), scale[c], y.Slice(at, l.Inner));
                    TensorPrimitives.Add(y.Slice(at, l.Inner), shift[c], y.Slice(at, l.Inner));
                }
    }

    /// <summary>y[o, c, i] = x[o, c, i] + shift[c].</summary>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> shift, Span<T> y, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var row = l.Channels * l.Inner;
        for (var o = 0; o < l.Outer; o++)
            if (l.Inner == 1)
                TensorPrimitives.Add(x.Slice(o * row, row), shift, y.Slice(o * row, row));
            else
                for (var c = 0; c < l.Channels; c++)
                    TensorPrimitives.Add(x.Slice(o * row + c * l.Inner, l.Inner), shift[c], y.Slice(o * row + c * l.Inner, l.Inner));
    }

    /// <summary>y[o, c, i] = x[o, c, i]·scale[c].</summary>
    public static void Scale<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> scale, Span<T> y, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var row = l.Channels * l.Inner;
        for (var o = 0; o < l.Outer; o++)
            if (l.Inner == 1)
                TensorPrimitives.Multiply(x.Slice(o * row, row), scale, y.Slice(o * row, row));
            else
                for (var c = 0; c < l.Channels; c++)
                    TensorPrimitives.Multiply(x.Slice(o * row + c * l.Inner, l.Inner), scale[c], y.Slice(o * row + c * l.Inner, l.Inner));
    }

    /// <summary>sums[c] = Σ_{o,i} x[o, c, i].</summary>
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> sums, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        sums[..l.Channels].Clear();
        var row = l.Channels * l.Inner;
        for (var o = 0; o < l.Outer; o++)
            if (l.Inner == 1) TensorPrimitives.Add(sums, x.Slice(o * row, row), sums);
            else
                for (var c = 0; c < l.Channels; c++) sums[c] += TensorPrimitives.Sum(x.Slice(o * row + c * l.Inner, l.Inner));
    }

    /// <summary>dots[c] = Σ_{o,i} x[o, c, i]·y[o, c, i].</summary>
    public static void Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dots, ChannelLayout l)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        dots[..l.Channels].Clear();
        var row = l.Channels * l.Inner;
        if (l.Inner == 1)
        {
            var product = new T[row];
            for (var o = 0; o < l.Outer; o++)
            {
                TensorPrimitives.Multiply(x.Slice(o * row, row), y.Slice(o * row, row), product);
                TensorPrimitives.Add(dots, product, dots);
            }
            return;
        }
        for (var o = 0; o < l.Outer; o++)
            for (var c = 0; c < l.Channels; c++)
                dots[c] += TensorPrimitives.Dot(x.Slice(o * row + c * l.Inner, l.Inner), y.Slice(o * row + c * l.Inner, l.Inner));
    }
}
