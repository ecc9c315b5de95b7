using System.Collections.Immutable;

namespace Backprop.Functional.Tensors;

/// <summary>The dimensions of a row-major tensor. A scalar has rank 0 and size 1.</summary>
public readonly partial struct Shape : IEquatable<Shape>
{
    private readonly ImmutableArray<int> dims;

    public Shape(params ReadOnlySpan<int> dims)
    {
        foreach (var d in dims)
            if (d < 0) throw new ShapeException($"dimension {d} in {Format(dims)} is negative");
        this.dims = [.. dims];
    }

    public static Shape Scalar { get; } = new();

    public ImmutableArray<int> Dims => dims.IsDefault ? [] : dims;
    public int Rank => Dims.Length;
    public int this[int axis] => Dims[axis < 0 ? Rank + axis : axis];

    /// <summary>Number of elements: the product of the dimensions.</summary>
    public int Size
    {
        get
        {
            var size = 1L;
            foreach (var d in Dims) size *= d;
            return size <= int.MaxValue ? (int)size : throw new ShapeException($"{this} has more than 2^31 elements");
        }
    }

    public static implicit operator Shape(int[] dims) => new(dims);

    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims.AsSpan());
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in Dims) h.Add(d);
        return h.ToHashCode();
    }
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public override string ToString() => Format(Dims.AsSpan());
    private static string Format(ReadOnlySpan<int> dims) => $"[{string.Join(", ", dims.ToArray())}]";
}
