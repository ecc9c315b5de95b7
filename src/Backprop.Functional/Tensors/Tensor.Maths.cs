using Backprop.Functional.Kernels;

namespace Backprop.Functional.Tensors;

/// <summary>Element-wise maths, comparisons and selection, each one kernel call (comparisons give 1 where true, else 0).</summary>
public sealed partial class Tensor<T>
{
    public Tensor<T> Exp() => Build(Shape, d => TensorPrimitives.Exp(Span, d));
    public Tensor<T> Log() => Build(Shape, d => TensorPrimitives.Log(Span, d));
    public Tensor<T> Sqrt() => Build(Shape, d => TensorPrimitives.Sqrt(Span, d));
    public Tensor<T> Abs() => Build(Shape, d => TensorPrimitives.Abs(Span, d));
    public Tensor<T> Square() => Build(Shape, d => TensorPrimitives.Multiply(Span, Span, d));
    public Tensor<T> Reciprocal() => Build(Shape, d => TensorPrimitives.Reciprocal(Span, d));
    public Tensor<T> Tanh() => Build(Shape, d => TensorPrimitives.Tanh(Span, d));
    public Tensor<T> Sigmoid() => Build(Shape, d => Activation.Sigmoid(Span, d));

    /// <summary>−1, 0 or 1 by the sign of each element (0 at ±0, NaN stays NaN).</summary>
    public Tensor<T> Sign() => Build(Shape, d => Pointwise.Sign(Span, d));

    /// <summary>xᵖ element by element.</summary>
    public Tensor<T> Pow(T p) => Build(Shape, d => TensorPrimitives.Pow(Span, p, d));

    /// <summary>xʸ element by element, broadcast.</summary>
    public Tensor<T> Pow(Tensor<T> y) => Binary(BinaryOp.Power, this, y, "pow");

    /// <summary>The larger of the two, element by element, broadcast (NumPy's maximum; NaN wins).</summary>
    public Tensor<T> Maximum(Tensor<T> y) => Binary(BinaryOp.Maximum, this, y, "maximum");
    public Tensor<T> Maximum(T y) => Build(Shape, d => TensorPrimitives.Max(Span, y, d));

    /// <summary>The smaller of the two, element by element, broadcast (NumPy's minimum; NaN wins).</summary>
    public Tensor<T> Minimum(Tensor<T> y) => Binary(BinaryOp.Minimum, this, y, "minimum");
    public Tensor<T> Minimum(T y) => Build(Shape, d => TensorPrimitives.Min(Span, y, d));

    public static Tensor<T> operator >(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.Greater, x, y, ">");
    public static Tensor<T> operator <(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.Less, x, y, "<");
    public static Tensor<T> operator >=(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.GreaterOrEqual, x, y, ">=");
    public static Tensor<T> operator <=(Tensor<T> x, Tensor<T> y) => Binary(BinaryOp.LessOrEqual, x, y, "<=");
    public static Tensor<T> operator >(Tensor<T> x, T y) => x > Scalar(y);
    public static Tensor<T> operator <(Tensor<T> x, T y) => x < Scalar(y);
    public static Tensor<T> operator >=(Tensor<T> x, T y) => x >= Scalar(y);
    public static Tensor<T> operator <=(Tensor<T> x, T y) => x <= Scalar(y);

    /// <summary>1 where the elements are equal, else 0, broadcast (a method: == on tensors stays reference equality).</summary>
    public Tensor<T> EqualTo(Tensor<T> y) => Binary(BinaryOp.Equal, this, y, "equal");

    /// <summary>a where <paramref name="condition"/> is non-zero, else b; all three broadcast together (NumPy's where).</summary>
    public static Tensor<T> Where(Tensor<T> condition, Tensor<T> a, Tensor<T> b)
    {
        var shape = Shape.Broadcast(Shape.Broadcast(condition.Shape, a.Shape, "where"), b.Shape, "where");
        Tensor<T> c = condition.BroadcastTo(shape), x = a.BroadcastTo(shape), y = b.BroadcastTo(shape);
        return Build(shape, d => Kernels.Broadcast.Select(c.Span, x.Span, y.Span, d));
    }
}
