using System.Numerics;

namespace Backprop.Functional.Tensors;

/// <summary>
/// An immutable, row-major, shape-checked array of <typeparamref name="T"/> (float or double).
/// Every operation returns a new tensor; the data is never written after construction, except that a tensor
/// <see cref="Donated">donated</see> to a training step gives its memory back, and reading it afterwards throws.
/// </summary>
public sealed partial class Tensor<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] buffer;

    /// <summary>The tensor whose data this one views (a reshape shares its source's array), so a donation reaches every view.</summary>
    private readonly Tensor<T>? source;

    private Tensor(Shape shape, T[] data, Tensor<T>? source = null)
    {
        Shape = shape;
        buffer = data;
        this.source = source?.source ?? source;
    }

    public Shape Shape { get; }
    public int Size => buffer.Length;
    public int Rank => Shape.Rank;
    public ReadOnlySpan<T> Span => Data;

    /// <summary>The backing array, for the arena's bookkeeping only (identity, never contents); never written after construction.</summary>
    internal T[] Buffer => buffer;

    /// <summary>
    /// True once this tensor's memory was donated (<see cref="Training.TrainSettings.Donate"/>, or
    /// <see cref="Optimisers.TransformExtensions.StepDonating{T}"/>) and may hold other numbers: reading it throws.
    /// </summary>
    public bool Donated => (source ?? this).donated != 0;

    private int donated;

    /// <summary>Marks the tensor (and every view of its data) donated; true only the first time, so its buffer is given back once.</summary>
    internal bool Donate() => Interlocked.Exchange(ref (source ?? this).donated, 1) == 0;

    /// <summary>The data, checked: every read of the elements goes through here.</summary>
    private T[] Data => donated == 0 && (source is null || source.donated == 0) ? buffer : throw DonatedError();

    private InvalidOperationException DonatedError() =>
        new($"a tensor of shape {Shape} was donated to an optimiser step (TrainSettings.Donate or Transform.StepDonating) and its memory " +
            "now holds other numbers; a donated state's parameters are valid only until the next step. Read them before it, keep a copy " +
            "(Params.Copy()), or train without donation.");

    /// <summary>
    /// 1 while an arena has lent this tensor's buffer to a caller (a gradient, say) that may give it back through
    /// <see cref="TensorArena{T}.Recycle"/>; allocation bookkeeping only, never part of the value.
    /// </summary>
    private int loaned;

    internal void Lend() => loaned = 1;

    /// <summary>Ends the loan; true only the first time, so a buffer is never returned twice.</summary>
    internal bool EndLoan() => Interlocked.Exchange(ref loaned, 0) == 1;

    /// <summary>Wraps an array the caller gives up (kernels writing a fresh result). No copy.</summary>
    internal static Tensor<T> Own(Shape shape, T[] data) =>
        shape.Size == data.Length ? new(shape, data)
        : throw new ShapeException($"shape {shape} needs {shape.Size} elements, got {data.Length}");

    /// <summary>Builds a fresh tensor by letting <paramref name="fill"/> write its elements.</summary>
    internal static Tensor<T> Build(Shape shape, SpanAction fill)
    {
        var buffer = Scratch(shape.Size);
        fill(buffer);
        return new(shape, buffer);
    }

    internal delegate void SpanAction(Span<T> destination);

    /// <summary>As <see cref="Build"/>, for a fill that also tells whether every element it wrote is finite.</summary>
    internal static Tensor<T> BuildChecked(Shape shape, SpanCheck fill)
    {
        var buffer = Scratch(shape.Size);
        var finite = fill(buffer);
        return new(shape, buffer) { KnownFinite = finite };
    }

    internal delegate bool SpanCheck(Span<T> destination);

    /// <summary>
    /// True when the kernel that wrote this tensor found every element finite (the SGD update does, in its one pass),
    /// so a NaN guard need not read it again; false when it is not known. The data never changes, so neither does this.
    /// </summary>
    internal bool KnownFinite { get; private init; }

    /// <summary>
    /// A work buffer for a rule (im2col columns, say), uninitialised: from the arena during a gradient run, so it
    /// goes back to the pool when the run ends, else freshly allocated. Never wrapped in a tensor or handed out.
    /// </summary>
    internal static T[] Scratch(int length) =>
        TensorArena<T>.Current is { } arena ? arena.Rent(length) : GC.AllocateUninitializedArray<T>(length);

    /// <summary>A <see cref="Scratch"/> buffer that holds <paramref name="count"/> ints (a pooling's winners, say); read it through <see cref="Ints"/>.</summary>
    internal static T[] IntScratch(int count) =>
        Scratch((count * sizeof(int) + System.Runtime.CompilerServices.Unsafe.SizeOf<T>() - 1) / System.Runtime.CompilerServices.Unsafe.SizeOf<T>());

    /// <summary>The first <paramref name="count"/> ints of an <see cref="IntScratch"/> buffer.</summary>
    internal static Span<int> Ints(T[] scratch, int count) => System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(scratch.AsSpan())[..count];

    public static Tensor<T> FromSpan(Shape shape, ReadOnlySpan<T> values) =>
        shape.Size == values.Length ? new(shape, values.ToArray())
        : throw new ShapeException($"shape {shape} needs {shape.Size} elements, got {values.Length}");

    public static Tensor<T> Zeros(Shape shape) => new(shape, new T[shape.Size]);
    public static Tensor<T> Full(Shape shape, T value) => Build(shape, d => d.Fill(value));
    public static Tensor<T> Ones(Shape shape) => Full(shape, T.One);
    public static Tensor<T> Scalar(T value) => new(Shape.Scalar, [value]);

    /// <summary>The element at a multi-dimensional index.</summary>
    public T this[params int[] index] => Data[Offset(index)];

    /// <summary>The single value of a tensor with one element (a loss, say).</summary>
    public T ToScalar() => Size == 1 ? Data[0] : throw new ShapeException($"ToScalar needs one element, shape is {Shape}");

    public T[] ToArray() => (T[])Data.Clone();

    /// <summary>The same data seen with another shape of equal size (no copy: the data is immutable).</summary>
    public Tensor<T> Reshape(Shape shape) =>
        shape.Size == Size ? new(shape, Data, this)
        : throw new ShapeException($"cannot reshape {Shape} ({Size} elements) to {shape} ({shape.Size} elements)");

    /// <summary>Rows [start, start + count) along the first axis, copied.</summary>
    public Tensor<T> Rows(int start, int count)
    {
        var rowSize = Rank == 0 ? 1 : Size / Math.Max(1, Shape[0]);
        var dims = Shape.Dims.SetItem(0, count);
        return FromSpan(new Shape([.. dims]), Data.AsSpan(start * rowSize, count * rowSize));
    }

    /// <summary>Gathers rows by index along the first axis (used for mini-batches).</summary>
    public Tensor<T> Gather(ReadOnlySpan<int> rows)
    {
        var rowSize = Size / Math.Max(1, Shape[0]);
        var result = GC.AllocateUninitializedArray<T>(rows.Length * rowSize);
        for (var i = 0; i < rows.Length; i++)
            Data.AsSpan(rows[i] * rowSize, rowSize).CopyTo(result.AsSpan(i * rowSize));
        return new(new Shape([.. Shape.Dims.SetItem(0, rows.Length)]), result);
    }

    public Tensor<TOut> Cast<TOut>() where TOut : unmanaged, IBinaryFloatingPointIeee754<TOut> =>
        Tensor<TOut>.Build(Shape, d => TensorPrimitives.ConvertChecked<T, TOut>(Data, d));

    private int Offset(int[] index)
    {
        if (index.Length != Rank)
            throw new ShapeException($"index of rank {index.Length} into tensor of shape {Shape}");
        var offset = 0;
        for (var axis = 0; axis < index.Length; axis++)
        {
            if ((uint)index[axis] >= (uint)Shape[axis])
                throw new ShapeException($"index {index[axis]} out of range for axis {axis} of {Shape}");
            offset = offset * Shape[axis] + index[axis];
        }
        return offset;
    }
}
