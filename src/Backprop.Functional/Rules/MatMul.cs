using System.Numerics;
using Backprop.Functional.Kernels;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Rules;

public static partial class Rule
{
    /// <summary>
    /// Z = A·B for A of shape [m, k] and B of shape [k, n].
    /// dZ = dA·B + A·dB; ∂L/∂A = dZ·Bᵀ and ∂L/∂B = Aᵀ·dZ (no transpose is materialised).
    /// </summary>
    public static Pulled2<Tensor<T>, Tensor<T>, Tensor<T>> MatMul<T>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (a.Rank != 2 || b.Rank != 2 || a.Shape[1] != b.Shape[0])
            throw new ShapeException($"matmul needs [m, k]·[k, n], got {a.Shape}·{b.Shape}");
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var z = Tensor<T>.Build(new Shape(m, n), d => Gemm.Multiply(a.Span, false, b.Span, false, d, m, n, k));
        Tensor<T> MatMulPushforwardA(Tensor<T> da) =>
            Tensor<T>.Build(z.Shape, d => Gemm.Multiply(da.Span, false, b.Span, false, d, m, n, k));
        Tensor<T> MatMulPushforwardB(Tensor<T> db) =>
            Tensor<T>.Build(z.Shape, d => Gemm.Multiply(a.Span, false, db.Span, false, d, m, n, k));
        Tensor<T> MatMulPullbackA(Tensor<T> dz) =>
            Tensor<T>.Build(a.Shape, d => Gemm.Multiply(dz.Span, false, b.Span, true, d, m, k, n));
        Tensor<T> MatMulPullbackB(Tensor<T> dz) =>
            Tensor<T>.Build(b.Shape, d => Gemm.Multiply(a.Span, true, dz.Span, false, d, k, n, m));
        return new(z, MatMulPullbackA, MatMulPullbackB) { PushforwardX = MatMulPushforwardA, PushforwardY = MatMulPushforwardB };
    }
}
