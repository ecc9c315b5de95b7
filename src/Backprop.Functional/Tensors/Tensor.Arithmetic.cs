using Backprop.Functional.Kernels;

namespace Backprop.Functional.Tensors;

/// <summary>
/// Element-wise arithmetic with NumPy broadcasting (see <see cref="Shape.Broadcast"/>): shapes align at their last
/// axis and an axis of size 1 stretches, so x [b, n] + bias [n] and x [b, n] / rowSums [b, 1] read as their formulas.
/// A scalar of T on either side works on every element; a rule's pullback reads <c>dy * s * (1 - s)</c>.
/// </summary>
public sealed partial class Tensor<T>
{
    public static Tensor<T> operator +(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.Add, x, y, "+");
    public static Tensor<T> operator -(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.Subtract, x, y, "-");

    /// <summary>Element-wise (Hadamard) product.</summary>
    public static Tensor<T> operator *(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.Multiply, x, y, "*");
    public static Tensor<T> operator /(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.Divide, x, y, "/");

    public static Tensor<T> operator +(Tensor<T> x, T s) => Build(x.Shape, d => TensorPrimitives.Add(x.Span, s, d));
    public static Tensor<T> operator +(T s, Tensor<T> x) => x + s;
    public static Tensor<T> operator -(Tensor<T> x, T s) => Build(x.Shape, d => TensorPrimitives.Subtract(x.Span, s, d));
    public static Tensor<T> operator -(T s, Tensor<T> x) => Build(x.Shape, d => TensorPrimitives.Subtract(s, x.Span, d));
    public static Tensor<T> operator *(T s, Tensor<T> x) => Build(x.Shape, d => TensorPrimitives.Multiply(x.Span, s, d));
    public static Tensor<T> operator *(Tensor<T> x, T s) => s * x;
    public static Tensor<T> operator /(Tensor<T> x, T s) => Build(x.Shape, d => TensorPrimitives.Divide(x.Span, s, d));
    public static Tensor<T> operator /(T s, Tensor<T> x) => Build(x.Shape, d => TensorPrimitives.Divide(s, x.Span, d));
    public static Tensor<T> operator -(Tensor<T> x) => Build(x.Shape, d => TensorPrimitives.Negate(x.Span, d));

    /// <summary>this + s·g in one pass (the SGD update), which also finds out whether the result is finite (<see cref="KnownFinite"/>).</summary>
    public Tensor<T> AddScaled(Tensor<T> g, T s) =>
        BuildChecked(Same(this, g, "add-scaled"), d => Streaming.MultiplyAdd(g.Span, s, Span, d));

    /// <summary><see cref="AddScaled"/> that also returns Σ g² (in double, <see cref="Streaming.SumOfSquares{T}"/>'s bits) from the same pass over g.</summary>
    internal (Tensor<T> Sum, double Squares) AddScaledSquares(Tensor<T> g, T s)
    {
        var shape = Same(this, g, "add-scaled");
        var buffer = Scratch(shape.Size);
        var (finite, squares) = Streaming.MultiplyAddSquares(g.Span, s, Span, buffer);
        return (new(shape, buffer) { KnownFinite = finite }, squares);
    }

    public T Sum() => TensorPrimitives.Sum(Span);
    public T Dot(Tensor<T> other) => TensorPrimitives.Dot(Span, other.Span.Length == Size ? other.Span
        : throw new ShapeException($"dot of {Shape} and {other.Shape}"));
    public T Norm() => TensorPrimitives.Norm(Span);
    public T MaxAbs() => Size == 0 ? T.Zero : T.Abs(TensorPrimitives.MaxMagnitude(Span));   // MaxMagnitude keeps the sign

    /// <summary>Applies a scalar function to every element. Meant for teaching and tests, not hot paths.</summary>
    public Tensor<T> Map(Func<T, T> f) => Build(Shape, d =>
    {
        var src = Span;
        for (var i = 0; i < d.Length; i++) d[i] = f(src[i]);
    });

    /// <summary>x op y over the broadcast shape; <paramref name="name"/> names the operation in a shape error.</summary>
    internal static Tensor<T> Binary(BinaryOp op, Tensor<T> x, Tensor<T> y, string name)
    {
        var shape = Shape.Broadcast(x.Shape, y.Shape, name);
        return Build(shape, d => Kernels.Broadcast.Binary(op, x.Span, x.Shape.Dims.AsSpan(), y.Span, y.Shape.Dims.AsSpan(), d, shape.Dims.AsSpan()));
    }

    internal static Shape Same(Tensor<T> x, Tensor<T> y, string op) =>
        x.Shape == y.Shape ? x.Shape : throw new ShapeException($"'{op}' needs equal shapes, got {x.Shape} and {y.Shape}");
}
