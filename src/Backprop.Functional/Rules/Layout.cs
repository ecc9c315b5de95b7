using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>The shape seen as [outer, shape[axis], inner] around <paramref name="axis"/> (negative counts from the end).</summary>
    internal static ChannelLayout LayoutAround(Shape shape, int axis)
    {
        var a = axis < 0 ? shape.Rank + axis : axis;
        if (a < 0 || a >= shape.Rank) throw new ShapeException($"axis {axis} does not exist in {shape}");
        int outer = 1, inner = 1;
        for (var i = 0; i < a; i++) outer *= shape[i];
        for (var i = a + 1; i < shape.Rank; i++) inner *= shape[i];
        return new(outer, shape[a], inner);
    }

    private static ChannelLayout PerChannel(string op, Shape x, Shape v, int axis)
    {
        var l = x.Rank >= 1 ? LayoutAround(x, axis) : throw new ShapeException($"{op} needs a channel axis, got a scalar");
        return v.Rank == 1 && v[0] == l.Channels ? l
            : throw new ShapeException($"{op} needs a vector of {l.Channels} (axis {axis} of {x}), got {v}");
    }
}
