
namespace Backprop.Functional.Tensors;

public sealed partial class Tensor<T>
{
    public static Tensor<T> operator +(Tensor<T> x, Tensor<T> y) =>
        Build(Same(x, y, "+"), d => TensorPrimitives.Add(x.Span, y.Span, d));

    public static Tensor<T> operator -(Tensor<T> x, Tensor<T> y) =>
        Build(Same(x, y, "-"), d => TensorPrimitives.Subtract(x.Span, y.Span, d));

    /// <summary>Element-wise (Hadamard) product.</summary>
    public static Tensor<T> operator *(Tensor<T> x, Tensor<T> y) =>
        Build(Same(x, y, "*"), d => TensorPrimitives.Multiply(x.Span, y.Span, d));

    public static Tensor<T> operator *(T s, Tensor<T> x) => Build(x.Shape, d => TensorPrimitives.Multiply(x.Span, s, d));
    public static Tensor<T> operator *(Tensor<T> x, T s) => s * x;
    public static Tensor<T> operator -(Tensor<T> x) => Build(x.Shape, d => TensorPrimitives.Negate(x.Span, d));

    /// <summary>this + s·g in one pass (the SGD update).</summary>
    public Tensor<T> AddScaled(Tensor<T> g, T s) =>
        Build(Same(this, g, "add-scaled"), d => TensorPrimitives.MultiplyAdd(g.Span, s, Span, d));

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

    internal static Shape Same(Tensor<T> x, Tensor<T> y, string op) =>
        x.Shape == y.Shape ? x.Shape : throw new ShapeException($"'{op}' needs equal shapes, got {x.Shape} and {y.Shape}");
}
