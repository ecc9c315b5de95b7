using Backprop.Functional.Autodiff;
using Backprop.Functional.Kernels;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using static Backprop.Functional.Testing.BuiltIns;

namespace Backprop.Functional.Tests.Testing;

/// <summary>Wrong pullbacks as people write them. Each keeps the right forward value, so only the pullback is wrong.</summary>
public static class Mutants
{
    public static IReadOnlyList<Mutant> All { get; } =
    [
        new("sign flipped (tanh)", (d, key, o) =>
            GradCheck.Rule("tanh, sign flipped", x => Wrong(Rule.Tanh(x), (p, dy) => -p.Pullback(dy)), Input(key, 0, d[0], d[1]), Check(key), o)),
        new("missing transpose (matmul ∂A, non-square B)", (d, key, o) =>
            GradCheck.Rule("matmul, missing transpose", MatMulWithoutTranspose, Input(key, 0, d[0], d[1]), Input(key, 1, d[1], d[1] + 1), Check(key), o)),
        new("bias gradient not summed over the batch", (d, key, o) =>
            GradCheck.Rule("add-bias, first row only", BiasFirstRowOnly, Input(key, 0, d[0], d[1]), Input(key, 1, d[1]), Check(key), o)),
        new("factor of 2 missing (mse)", (d, key, o) =>
            GradCheck.Rule("mse, no factor 2", (p, t) => WrongX(Rule.MeanSquaredError(p, t), (r, dl) => 0.5 * r.PullbackX(dl)),
                Input(key, 0, d[0], d[1]), Input(key, 1, d[0], d[1]), Check(key), o)),
        new("one wrong element (multiply, loop stops one short)", (d, key, o) =>
            GradCheck.Rule("multiply, last element dropped", (x, y) => WrongX(Rule.Multiply(x, y), (r, dz) => LastZeroed(r.PullbackX(dz))),
                Input(key, 0, d[0], d[1]), Input(key, 1, d[0], d[1]), Check(key), o)),
        new("mean instead of sum (sum)", (d, key, o) =>
            GradCheck.Rule("sum, mean's gradient", x => Wrong(Rule.Sum(x), (_, ds) => Tensor<double>.Full(x.Shape, ds.ToScalar() / x.Size)),
                Input(key, 0, d[0], d[1]), Check(key), o)),
        new("gradient of the wrong input (multiply)", (d, key, o) =>
            GradCheck.Rule("multiply, ∂x uses x", (x, y) => WrongX(Rule.Multiply(x, y), (_, dz) => dz * x),
                Input(key, 0, d[0], d[1]), Input(key, 1, d[0], d[1]), Check(key), o)),
        new("missing transpose inside a layer (dense ∂W)", (d, key, o) =>
            GradCheck.Layer("dense, ∂W missing transpose", DenseWithWrongWeightGradient(d[2]), Input(key, 0, d[0], d[1]), Check(key), o)),
    ];

    private static Pulled<Tensor<double>, Tensor<double>> Wrong(Pulled<Tensor<double>, Tensor<double>> p,
        Func<Pulled<Tensor<double>, Tensor<double>>, Tensor<double>, Tensor<double>> pullback) => new(p.Value, dy => pullback(p, dy));

    private static Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> WrongX(Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> p,
        Func<Pulled2<Tensor<double>, Tensor<double>, Tensor<double>>, Tensor<double>, Tensor<double>> pullbackX) =>
        p with { PullbackX = dz => pullbackX(p, dz) };

    /// <summary>dZ·B read with B's buffer taken as if it were Bᵀ: the right shape, the wrong numbers.</summary>
    private static Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> MatMulWithoutTranspose(Tensor<double> a, Tensor<double> b)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        return Rule.MatMul(a, b) with
        {
            PullbackX = dz => Tensor<double>.Build(a.Shape, d => Gemm.Multiply(dz.Span, false, b.Span, false, d, m, k, n)),
        };
    }

    private static Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> BiasFirstRowOnly(Tensor<double> x, Tensor<double> b) =>
        Rule.AddBias(x, b) with { PullbackY = dy => dy.Rows(0, 1).Reshape(b.Shape) };

    private static Tensor<double> LastZeroed(Tensor<double> g)
    {
        var values = g.ToArray();
        values[^1] = 0;
        return Tensor<double>.FromSpan(g.Shape, values);
    }

    /// <summary>Dense whose weight gradient is Aᵀ·dZ computed without the transpose (A's buffer read as [in, batch]).</summary>
    private static Layer<double> DenseWithWrongWeightGradient(int units) => x => Diff.Scope("dense",
        from w in Diff.Param("w", new Shape(x.Shape[-1], units), Functional.Layers.Initialisers.GlorotUniform<double>())
        from b in Diff.Param("b", new Shape(units), Functional.Layers.Initialisers.Zeros<double>())
        from h in Diff.Lift(WrongWeightGradient, x, w)
        from y in Ops.AddBias(h, b)
        select y);

    private static Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> WrongWeightGradient(Tensor<double> a, Tensor<double> w)
    {
        int m = a.Shape[0], k = a.Shape[1], n = w.Shape[1];
        return Rule.MatMul(a, w) with
        {
            PullbackY = dz => Tensor<double>.Build(w.Shape, d => Gemm.Multiply(a.Span, false, dz.Span, false, d, k, n, m)),
        };
    }
}
