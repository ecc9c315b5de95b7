using System.Numerics;
using Backprop.Functional.Tensors;
using Backprop.Functional.Tests.Kernels;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Tests.Kernels.Rounding;
using static Backprop.Functional.Tests.Tensors.AlgebraGen;

namespace Backprop.Functional.Tests.Tensors;

/// <summary>
/// The tensor algebra against naive references in double, element by element (index arithmetic, no kernels), in
/// float and double. Bounds are the rounding each result may carry: one rounding for + − × ÷, a few ulps for the
/// library maths functions, n additions for a sum.
/// </summary>
public class TensorAlgebraTests
{
    private static Tensor<T> Random<T>(Shape shape, Random rng, double lo = -2, double hi = 2) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Tensor<T>.FromSpan(shape, Samples.Uniform<T>(rng, shape.Size, lo, hi));

    private static double D<T>(T v) where T : IBinaryFloatingPointIeee754<T> => double.CreateChecked(v);

    private static readonly (string Name, Func<double, double, double> Reference, double Ulps)[] Binaries =
    [
        ("+", (a, b) => a + b, 1), ("-", (a, b) => a - b, 1), ("*", (a, b) => a * b, 1), ("/", (a, b) => a / b, 1),
        ("maximum", Math.Max, 0), ("minimum", Math.Min, 0), ("pow", Math.Pow, 8),
        (">", (a, b) => a > b ? 1 : 0, 0), ("<", (a, b) => a < b ? 1 : 0, 0), (">=", (a, b) => a >= b ? 1 : 0, 0),
        ("<=", (a, b) => a <= b ? 1 : 0, 0), ("equal", (a, b) => a == b ? 1 : 0, 0),
    ];

    private static Tensor<T> Apply<T>(string op, Tensor<T> a, Tensor<T> b) where T : unmanaged, IBinaryFloatingPointIeee754<T> => op switch
    {
        "+" => a + b, "-" => a - b, "*" => a * b, "/" => a / b, "maximum" => a.Maximum(b), "minimum" => a.Minimum(b),
        "pow" => a.Pow(b), ">" => a > b, "<" => a < b, ">=" => a >= b, "<=" => a <= b, "equal" => a.EqualTo(b),
        _ => throw new ArgumentException(op),
    };

    [Property(MaxTest = 150)]
    public Property Binary_operations_broadcast_like_numpy() =>
        Prop.ForAll(Pairs(), c => { Binary<float>(c.A, c.B, c.Seed); Binary<double>(c.A, c.B, c.Seed); });

    private static void Binary<T>(Shape sa, Shape sb, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        // Integers in a few places make ties, so the comparisons and maximum/minimum see equal elements too.
        Tensor<T> a = Tensor<T>.FromSpan(sa, Samples.Integers<T>(rng, sa.Size, 1, 3)) + Random<T>(sa, rng, 0, 1) * T.CreateChecked(rng.Next(2)),
            b = Tensor<T>.FromSpan(sb, Samples.Integers<T>(rng, sb.Size, 1, 3));
        var full = Shape.Broadcast(sa, sb);
        foreach (var (name, reference, ulps) in Binaries)
        {
            var got = Apply(name, a, b);
            Assert.Equal(full, got.Shape);
            for (var i = 0; i < full.Size; i++)
            {
                var index = Unravel(i, full);
                var expected = reference(D(a.Span[OffsetIn(sa, index)]), D(b.Span[OffsetIn(sb, index)]));
                Within(D(got.Span[i]), expected, Bound<T>(ulps, Math.Abs(expected)), $"{typeof(T).Name} {sa} {name} {sb} seed {seed}", i);
            }
        }
    }

    [Property(MaxTest = 100)]
    public Property Scalars_work_on_either_side() =>
        Prop.ForAll(Pairs(), c => { Scalars<float>(c.A, c.Seed); Scalars<double>(c.A, c.Seed); });

    private static void Scalars<T>(Shape shape, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var x = Random<T>(shape, rng, 0.5, 2);
        var s = T.CreateChecked(1.5);
        (Tensor<T> Got, Func<double, double> Reference)[] cases =
        [
            (x + s, v => v + 1.5), (s + x, v => v + 1.5), (x - s, v => v - 1.5), (s - x, v => 1.5 - v), (x * s, v => v * 1.5),
            (s * x, v => v * 1.5), (x / s, v => v / 1.5), (s / x, v => 1.5 / v), (x.Maximum(s), v => Math.Max(v, 1.5)),
            (x.Minimum(s), v => Math.Min(v, 1.5)), (x > s, v => v > 1.5 ? 1 : 0), (x <= s, v => v <= 1.5 ? 1 : 0),
        ];
        foreach (var ((got, reference), k) in cases.Select((c, k) => (c, k)))
            for (var i = 0; i < shape.Size; i++)
            {
                var expected = reference(D(x.Span[i]));
                Within(D(got.Span[i]), expected, Bound<T>(1, Math.Abs(expected)), $"{typeof(T).Name} scalar case {k} {shape} seed {seed}", i);
            }
    }

    [Property(MaxTest = 100)]
    public Property Unary_maths_matches_the_double_functions() =>
        Prop.ForAll(Pairs(), c => { Unary<float>(c.A, c.Seed); Unary<double>(c.A, c.Seed); });

    /// <summary>
    /// Bounds in ulps of the result; tanh's in ulps of 1, since TensorPrimitives computes it from e^2x and cancels near
    /// 0 (measured: 3 ulps of tanh(0.097) in double), which is an absolute error of a few ulps, not a relative one.
    /// The reference in double carries its own roundings (sigmoid's 1/(1 + e^-v) three: e^-v, the sum, the quotient),
    /// which matter when T is double: measured, sigmoid(x) 4 ulps of 0.248 from the reference.
    /// </summary>
    private static void Unary<T>(Shape shape, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        Tensor<T> x = Random<T>(shape, rng), positive = Random<T>(shape, rng, 0.1, 4);
        (string Name, Tensor<T> Input, Tensor<T> Got, Func<double, double> Reference, double Ulps, double ReferenceRoundings)[] cases =
        [
            ("exp", x, x.Exp(), Math.Exp, 4, 1), ("log", positive, positive.Log(), Math.Log, 4, 1),
            ("sqrt", positive, positive.Sqrt(), Math.Sqrt, 1, 0), ("abs", x, x.Abs(), Math.Abs, 0, 0),
            ("sign", x, x.Sign(), v => Math.Sign(v), 0, 0), ("square", x, x.Square(), v => v * v, 1, 0),
            ("reciprocal", positive, positive.Reciprocal(), v => 1 / v, 1, 0), ("tanh", x, x.Tanh(), Math.Tanh, 4, 1),
            ("sigmoid", x, x.Sigmoid(), v => 1 / (1 + Math.Exp(-v)), 4, 3),
            ("pow 2.5", positive, positive.Pow(T.CreateChecked(2.5)), v => Math.Pow(v, 2.5), 8, 1), ("negate", x, -x, v => -v, 0, 0),
        ];
        foreach (var (name, input, got, reference, ulps, referenceRoundings) in cases)
        {
            Assert.Equal(shape, got.Shape);
            for (var i = 0; i < shape.Size; i++)
            {
                var expected = reference(D(input.Span[i]));
                var scale = name == "tanh" ? Math.Max(1, Math.Abs(expected)) : Math.Abs(expected);
                var bound = Bound<T>(ulps, scale) + referenceRoundings * Unit<double>() * scale;
                Within(D(got.Span[i]), expected, bound, $"{typeof(T).Name} {name} {shape} seed {seed}", i);
            }
        }
    }

    [Property(MaxTest = 150)]
    public Property Reductions_along_an_axis_keep_or_drop_it() =>
        Prop.ForAll(Axes(), c => { Reductions<float>(c.Shape, c.Axis, c.Seed); Reductions<double>(c.Shape, c.Axis, c.Seed); });

    private static void Reductions<T>(Shape shape, int axis, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = Random<T>(shape, new Random(seed));
        var a = axis < 0 ? axis + shape.Rank : axis;
        var n = shape[a];
        var kept = new Shape([.. shape.Dims.SetItem(a, 1)]);
        foreach (var keepDims in new[] { true, false })
        {
            var dropped = new Shape([.. shape.Dims.RemoveAt(a)]);
            List<(string Name, Tensor<T> Got)> cases = [("sum", x.Sum(axis, keepDims)), ("mean", x.Mean(axis, keepDims))];
            if (n > 0) cases.AddRange([("max", x.Max(axis, keepDims)), ("min", x.Min(axis, keepDims))]);
            else Assert.Throws<ShapeException>(() => x.Max(axis, keepDims));
            foreach (var (name, got) in cases)
            {
                Assert.Equal(keepDims ? kept : dropped, got.Shape);
                for (var i = 0; i < kept.Size; i++)
                {
                    var index = Unravel(i, kept);
                    var values = Enumerable.Range(0, n).Select(j => { index[a] = j; return D(x[index]); }).ToArray();
                    var magnitude = values.Sum(Math.Abs);
                    var (expected, bound) = name switch
                    {
                        "sum" => (values.Sum(), Bound<T>(2 * n, magnitude)),
                        "mean" => (n == 0 ? double.NaN : values.Average(), Bound<T>(2 * n + 2, magnitude / Math.Max(1, n))),
                        "max" => (values.Max(), 0.0),
                        _ => (values.Min(), 0.0),
                    };
                    Within(D(got.Span[i]), expected, bound, $"{typeof(T).Name} {name} axis {axis} of {shape} keepDims {keepDims} seed {seed}", i);
                }
            }
        }
    }

    [Property(MaxTest = 150)]
    public Property SumTo_undoes_a_broadcast() =>
        Prop.ForAll(Pairs(), c => { SumTo<float>(c.Full, c.A, c.Seed); SumTo<double>(c.Full, c.A, c.Seed); });

    private static void SumTo<T>(Shape full, Shape target, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var x = Random<T>(full, new Random(seed));
        var got = x.SumTo(target);
        Assert.Equal(target, got.Shape);
        var sums = new double[target.Size];
        var magnitudes = new double[target.Size];
        for (var i = 0; i < full.Size; i++)
        {
            var at = OffsetIn(target, Unravel(i, full));
            sums[at] += D(x.Span[i]);
            magnitudes[at] += Math.Abs(D(x.Span[i]));
        }
        var terms = target.Size == 0 ? 0 : full.Size / target.Size;
        for (var j = 0; j < target.Size; j++)
            Within(D(got.Span[j]), sums[j], Bound<T>(2 * terms + 2, magnitudes[j]), $"{typeof(T).Name} {full} sum-to {target} seed {seed}", j);
        var stretched = Tensor<T>.FromSpan(target, Samples.Uniform<T>(new Random(seed + 1), target.Size)).BroadcastTo(full);
        for (var i = 0; i < full.Size; i++)
            Exactly(D(stretched.Span[i]), D(Tensor<T>.FromSpan(target, Samples.Uniform<T>(new Random(seed + 1), target.Size)).Span[OffsetIn(target, Unravel(i, full))]),
                $"{typeof(T).Name} {target} broadcast-to {full} seed {seed}", i);
    }

    /// <summary>SumTo is the adjoint of BroadcastTo: ⟨broadcast(y), x⟩ = ⟨y, sumTo(x)⟩ (which is why it is a broadcast's pullback).</summary>
    [Property(MaxTest = 100)]
    public Property SumTo_is_the_adjoint_of_BroadcastTo() => Prop.ForAll(Pairs(), c =>
    {
        var rng = new Random(c.Seed);
        Tensor<double> x = Random<double>(c.Full, rng), y = Random<double>(c.A, rng);
        double left = y.BroadcastTo(c.Full).Dot(x), right = y.Dot(x.SumTo(c.A));
        Within(left, right, 1e-13 * (1 + x.Abs().Sum() * 2), $"{c.Full} / {c.A}", 0);
    });

    [Property(MaxTest = 150)]
    public Property Permute_moves_every_element_to_its_new_index() => Prop.ForAll(Pairs(), c =>
    {
        var x = Random<float>(c.Full, new Random(c.Seed));
        var axes = Enumerable.Range(0, c.Full.Rank).OrderBy(_ => new Random(c.Seed).Next()).ToArray();
        axes = [.. axes.OrderBy(a => (a * 7919 + c.Seed) % 13)];
        var y = x.Permute(axes);
        Assert.Equal(new Shape([.. axes.Select(a => c.Full[a])]), y.Shape);
        for (var i = 0; i < y.Size; i++)
        {
            var index = Unravel(i, y.Shape);
            var source = new int[c.Full.Rank];
            for (var a = 0; a < axes.Length; a++) source[axes[a]] = index[a];
            Exactly(y.Span[i], x[source], $"permute {c.Full} by [{string.Join(", ", axes)}]", i);
        }
        Assert.Equal(x.ToArray(), x.Transpose().Transpose().ToArray());
    });

    [Property(MaxTest = 100)]
    public Property MatMul_matches_the_triple_loop_and_batches() =>
        Prop.ForAll((from batch in Gen.Choose(0, 3) from m in Gen.Choose(0, 5) from k in Gen.Choose(0, 5) from n in Gen.Choose(0, 5)
                     select (batch, m, k, n)).ToArbitrary(),
            c =>
            {
                var (batch, m, k, n) = c;
                var rng = new Random(batch * 1000 + m * 100 + k * 10 + n);
                Tensor<double> a = Random<double>(new Shape(batch, m, k), rng), b = Random<double>(new Shape(batch, k, n), rng), w = Random<double>(new Shape(k, n), rng);
                foreach (var (right, shared) in new[] { (b, false), (w, true) })
                {
                    var z = a.MatMul(right);
                    Assert.Equal(new Shape(batch, m, n), z.Shape);
                    for (var i = 0; i < z.Size; i++)
                    {
                        var (p, r, col) = (i / Math.Max(1, m * n), i / Math.Max(1, n) % Math.Max(1, m), i % Math.Max(1, n));
                        double sum = 0, magnitude = 0;
                        for (var j = 0; j < k; j++)
                        {
                            var term = a[p, r, j] * (shared ? right[j, col] : right[p, j, col]);
                            (sum, magnitude) = (sum + term, magnitude + Math.Abs(term));
                        }
                        Within(z.Span[i], sum, Bound<double>(2 * k + 2, magnitude), $"matmul [{batch}, {m}, {k}]·{right.Shape}", i);
                    }
                }
            });

    [Property(MaxTest = 100)]
    public Property Slices_concatenate_back_to_the_tensor() => Prop.ForAll(Axes(), c =>
    {
        var x = Random<double>(c.Shape, new Random(c.Seed));
        var n = c.Shape[c.Axis];
        var cut = new Random(c.Seed).Next(n + 1);
        var (left, right) = (x.Slice(c.Axis, 0, cut), x.Slice(c.Axis, cut, n - cut));
        Assert.Equal(cut, left.Shape[c.Axis]);
        Assert.Equal(x.ToArray(), Tensor<double>.Concat(c.Axis, left, right).ToArray());
        Assert.Equal(x.Shape, Tensor<double>.Concat(c.Axis, left, right).Shape);
    });

    [Fact]
    public void Where_picks_by_the_condition_and_broadcasts()
    {
        var x = Tensor.Matrix([[-1.0, 2.0], [3.0, -4.0]]);
        Assert.Equal([0.0, 2, 3, 0], Tensor<double>.Where(x > 0.0, x, Tensor.Scalar(0.0)).ToArray());
        Assert.Equal([10.0, 2, 3, 20], Tensor<double>.Where(x > 0.0, x, Tensor.Create(new Shape(2, 1), 10.0, 20.0)).ToArray());
    }

    [Fact]
    public void A_rule_reads_like_its_formula()
    {
        var s = Tensor.Vector(0.25, 0.5);
        var dy = Tensor.Vector(1.0, 2.0);
        Assert.Equal([0.1875, 0.5], (dy * s * (1 - s)).ToArray());
    }

    [Fact]
    public void Shape_errors_name_both_shapes_and_the_axis()
    {
        var e = Assert.Throws<ShapeException>(() => Tensor<float>.Zeros(new Shape(2, 3)) / Tensor<float>.Zeros(new Shape(4, 3)));
        Assert.Equal("'/' cannot broadcast [2, 3] and [4, 3]: axis -2 has 2 and 4 (each must be equal or 1)", e.Message);
        Assert.Contains("[2, 3]", Assert.Throws<ShapeException>(() => Tensor<float>.Zeros(new Shape(2, 3)).SumTo(new Shape(2))).Message);
        Assert.Contains("axis 2 does not exist in [2, 3]", Assert.Throws<ShapeException>(() => Tensor<float>.Zeros(new Shape(2, 3)).Sum(2)).Message);
        Assert.Contains("[2, 3]·[2, 3]", Assert.Throws<ShapeException>(() => Tensor<float>.Zeros(new Shape(2, 3)).MatMul(Tensor<float>.Zeros(new Shape(2, 3)))).Message);
        Assert.Contains("each of its 2 axes once", Assert.Throws<ShapeException>(() => Tensor<float>.Zeros(new Shape(2, 3)).Permute(0, 0)).Message);
    }
}
