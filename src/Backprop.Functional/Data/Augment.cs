using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Data;

/// <summary>Keyed data augmentation: pure functions of (examples, key); the same key gives the same result.</summary>
public static class Augment
{
    /// <summary>
    /// Random translation of images: each example of <paramref name="images"/> [n, ...] (channels × height × width
    /// values, row-major) moves by (dy, dx), both drawn uniformly from −maxShift..maxShift by <paramref name="key"/>
    /// and the example's index. Pixels shifted in from outside are zero; pixels shifted out are lost.
    /// </summary>
    public static Tensor<T> Shift<T>(Tensor<T> images, Key key, int maxShift, int height, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var n = images.Rank >= 1 ? images.Shape[0] : 0;
        var per = n == 0 ? 0 : images.Size / n;
        if (images.Rank < 2 || per % (height * width) != 0)
            throw new ShapeException($"shift needs images [n, ...] of channels × {height} × {width} values each, got {images.Shape}");
        if (maxShift == 0) return images;
        var planes = per / (height * width);
        var span = 2 * maxShift + 1;
        return Tensor<T>.Build(images.Shape, d =>
        {
            d.Clear();
            for (var i = 0; i < n; i++)
            {
                var dy = (int)(key.Bits(2L * i) % (ulong)span) - maxShift;
                var dx = (int)(key.Bits(2L * i + 1) % (ulong)span) - maxShift;
                for (var p = 0; p < planes; p++)
                    MovePlane(images.Span.Slice(i * per + p * height * width, height * width), d.Slice(i * per + p * height * width, height * width), dy, dx, height, width);
            }
        });
    }

    /// <summary>The images of a data set shifted as by <see cref="Shift{T}(Tensor{T}, Key, int, int, int)"/>; labels unchanged.</summary>
    public static Dataset<T> Shift<T>(Dataset<T> data, Key key, int maxShift, int height, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        data with { Features = Shift(data.Features, key, maxShift, height, width) };

    /// <summary>Copies each source row that lands inside the plane, as one span, to its shifted place.</summary>
    private static void MovePlane<T>(ReadOnlySpan<T> source, Span<T> destination, int dy, int dx, int height, int width)
    {
        var length = width - Math.Abs(dx);
        if (length <= 0) return;
        for (var row = Math.Max(0, dy); row < Math.Min(height, height + dy); row++)
            source.Slice((row - dy) * width + Math.Max(0, -dx), length).CopyTo(destination.Slice(row * width + Math.Max(0, dx), length));
    }
}
