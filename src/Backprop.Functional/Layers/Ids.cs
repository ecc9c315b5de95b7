using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>Integer token ids read from a tensor of whole numbers (how ids travel through <see cref="Layer{T}"/>).</summary>
internal static class Ids
{
    public static Diff<T, int[]> Read<T>(Var<T> x, int vocabulary, bool allowPadding) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Step<T, int[]>(_ =>
        {
            var ids = new int[x.Shape.Size];
            var bad = Lookup.ToIds(x.Raw.Span, ids, vocabulary, allowPadding);
            return bad < 0 ? ids
                : throw new ShapeException($"id {x.Raw.Span[bad]} at position {bad} is not a whole number in 0..{vocabulary - 1}" +
                                           (allowPadding ? " (or negative, for padding)" : ""));
        });
}
