using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class InitialisersTests
{
    [Property]
    public Property Orthogonal_matrices_have_orthonormal_rows_or_columns() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 8)), Arb.From(Gen.Choose(1, 8)), Arb.From(Gen.Choose(0, 1000)), (rows, cols, seed) =>
        {
            var w = Initialisers.Orthogonal<double>()(Key.Create(seed), new Shape(rows, cols));
            var small = Math.Min(rows, cols);
            var worst = 0.0;
            for (var i = 0; i < small; i++)
                for (var j = 0; j < small; j++)
                {
                    var dot = 0.0;
                    for (var k = 0; k < Math.Max(rows, cols); k++)
                        dot += rows <= cols ? w[i, k] * w[j, k] : w[k, i] * w[k, j];
                    worst = Math.Max(worst, Math.Abs(dot - (i == j ? 1 : 0)));
                }
            return (worst < 1e-12).Label($"[{rows}, {cols}]: worst deviation from the identity {worst}");
        });

    [Fact]
    public void Orthogonal_is_deterministic_in_the_key_and_scaled_by_the_gain()
    {
        var a = Initialisers.Orthogonal<double>(2.0)(Key.Create(5), new Shape(3, 2, 2));
        Assert.Equal(a.ToArray(), Initialisers.Orthogonal<double>(2.0)(Key.Create(5), new Shape(3, 2, 2)).ToArray());
        Assert.Equal(2.0, Math.Sqrt(Enumerable.Range(0, 4).Sum(k => a[0, k / 2, k % 2] * a[0, k / 2, k % 2])), 12);
    }

    [Fact]
    public void Constant_normal_and_uniform_have_the_asked_values_and_spread()
    {
        Assert.All(Initialisers.Constant<double>(0.25)(Key.Create(0), new Shape(3, 3)).ToArray(), v => Assert.Equal(0.25, v));
        var normal = Initialisers.Normal<double>(0.5)(Key.Create(1), new Shape(100, 100)).ToArray();
        Assert.InRange(Math.Sqrt(normal.Select(v => v * v).Average()), 0.49, 0.51);
        var uniform = Initialisers.Uniform<double>(-2, 3)(Key.Create(2), new Shape(100, 100)).ToArray();
        Assert.All(uniform, v => Assert.InRange(v, -2, 3));
        Assert.InRange(uniform.Average(), 0.45, 0.55);
    }

    [Fact]
    public void Glorot_normal_and_he_uniform_use_the_fans_of_a_conv_kernel()
    {
        // Kernel [16, 8, 3, 3]: fan-in 8·9 = 72, fan-out 16·9 = 144.
        var shape = new Shape(16, 8, 3, 3);
        var glorot = Initialisers.GlorotNormal<double>()(Key.Create(3), shape).ToArray();
        Assert.InRange(Math.Sqrt(glorot.Select(v => v * v).Average()), 0.9 * Math.Sqrt(2.0 / 216), 1.1 * Math.Sqrt(2.0 / 216));
        var he = Initialisers.HeUniform<double>()(Key.Create(4), shape).ToArray();
        Assert.All(he, v => Assert.InRange(v, -Math.Sqrt(6.0 / 72), Math.Sqrt(6.0 / 72)));
        Assert.InRange(he.Max(), 0.9 * Math.Sqrt(6.0 / 72), Math.Sqrt(6.0 / 72));
    }

    [Fact]
    public void Fans_are_read_from_the_shape()
    {
        Assert.Equal((1, 1), Initialisers.Fans(Shape.Scalar));
        Assert.Equal((7, 7), Initialisers.Fans(new Shape(7)));
        Assert.Equal((3, 5), Initialisers.Fans(new Shape(3, 5)));
        // Kernel [out 16, in 8, 3, 2]: receptive field 6, fan-in 8·6 = 48, fan-out 16·6 = 96.
        Assert.Equal((48, 96), Initialisers.Fans(new Shape(16, 8, 3, 2)));
        Assert.Equal((8 * 5, 4 * 5), Initialisers.Fans(new Shape(4, 8, 5)));
    }

    [Fact]
    public void Glorot_uniform_stays_within_its_bound_and_reaches_near_it()
    {
        // [20, 30]: a = √(6/50) ≈ 0.346. Of 600 uniform draws none is beyond a, and the largest in magnitude is
        // above 0.95a unless all 600 fall inside (−0.95a, 0.95a): probability 0.95^600 ≈ 4e−14.
        var w = Initialisers.GlorotUniform<double>()(Key.Create(6), new Shape(20, 30)).ToArray();
        var a = Math.Sqrt(6.0 / 50);
        Assert.All(w, v => Assert.InRange(v, -a, a));
        Assert.InRange(w.Max(Math.Abs), 0.95 * a, a);
        Assert.InRange(w.Count(v => v < 0), 240, 360);      // symmetric: 300 expected, sd ≈ 12
    }

    [Fact]
    public void He_normal_has_variance_two_over_fan_in()
    {
        // [200, 100]: fan-in 200, variance 2/200 = 0.01. The sample second moment of n = 20000 draws has relative
        // standard error √(2/n) = 1 %, so ±5 % is five standard errors; the mean is 0 within 5·0.1/√n ≈ 0.0035.
        var w = Initialisers.HeNormal<double>()(Key.Create(7), new Shape(200, 100)).ToArray();
        Assert.InRange(w.Select(v => v * v).Average(), 0.0095, 0.0105);
        Assert.InRange(w.Average(), -0.0035, 0.0035);
        // A vector [20000]: fan-in 20000, variance 1e−4, the same relative bounds.
        var v1 = Initialisers.HeNormal<double>()(Key.Create(8), new Shape(20000)).ToArray();
        Assert.InRange(v1.Select(v => v * v).Average(), 0.95e-4, 1.05e-4);
    }

    [Fact]
    public void Glorot_normal_of_a_matrix_has_variance_two_over_the_sum_of_the_fans()
    {
        // [150, 50]: variance 2/200 = 0.01; 7500 draws, relative standard error √(2/7500) ≈ 1.6 %, bound ±8 %.
        var w = Initialisers.GlorotNormal<double>()(Key.Create(9), new Shape(150, 50)).ToArray();
        Assert.InRange(w.Select(v => v * v).Average(), 0.0092, 0.0108);
    }

    [Fact]
    public void He_uniform_of_a_matrix_is_bounded_by_root_six_over_fan_in()
    {
        // [24, 25]: a = √(6/24) = 0.5, 600 draws; as for Glorot, the largest magnitude is above 0.95a.
        var w = Initialisers.HeUniform<double>()(Key.Create(10), new Shape(24, 25)).ToArray();
        Assert.All(w, v => Assert.InRange(v, -0.5, 0.5));
        Assert.InRange(w.Max(Math.Abs), 0.475, 0.5);
        Assert.InRange(w.Count(v => v < 0), 240, 360);      // symmetric: 300 expected, sd ≈ 12
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(2, 5)]
    [InlineData(5, 2)]
    public void Orthogonal_is_the_gram_schmidt_of_the_keys_normal_matrix(int rows, int cols)
    {
        // The rows of a standard normal [small, large] matrix from the same key, orthonormalised in order by
        // classical Gram-Schmidt here; a tall result is that matrix transposed.
        int small = Math.Min(rows, cols), large = Math.Max(rows, cols);
        var g = Key.Create(11).Normal<double>(new Shape(small, large));
        var q = new double[small, large];
        for (var i = 0; i < small; i++)
        {
            var v = Enumerable.Range(0, large).Select(k => g[i, k]).ToArray();
            for (var j = 0; j < i; j++)
            {
                var dot = Enumerable.Range(0, large).Sum(k => g[i, k] * q[j, k]);
                for (var k = 0; k < large; k++) v[k] -= dot * q[j, k];
            }
            var norm = Math.Sqrt(v.Sum(e => e * e));
            for (var k = 0; k < large; k++) q[i, k] = v[k] / norm;
        }
        var w = Initialisers.Orthogonal<double>(3.0)(Key.Create(11), new Shape(rows, cols));
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                Assert.Equal(3 * (rows <= cols ? q[r, c] : q[c, r]), w[r, c], 10);
    }

    [Fact]
    public void Orthogonal_works_in_float_too()
    {
        var w = Initialisers.Orthogonal<float>()(Key.Create(12), new Shape(4, 4));
        for (var i = 0; i < 4; i++)
            Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(k => (double)w[i, k] * w[i, k]), 5);
    }

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new int[0])]
    [InlineData(new[] { 0, 3 })]
    [InlineData(new[] { 3, 0 })]
    [InlineData(new[] { 2, 0, 3 })]
    public void Orthogonal_needs_a_non_empty_matrix_or_kernel(int[] dims)
    {
        var e = Assert.Throws<ShapeException>(() => Initialisers.Orthogonal<double>()(Key.Create(0), new Shape(dims)));
        Assert.Equal($"orthogonal init needs a non-empty matrix or kernel, got {new Shape(dims)}", e.Message);
    }

    [Fact]
    public void Zeros_and_ones_fill_the_shape()
    {
        var z = Initialisers.Zeros<double>()(Key.Create(0), new Shape(2, 3));
        var o = Initialisers.Ones<double>()(Key.Create(0), new Shape(3, 2));
        Assert.Equal(new Shape(2, 3), z.Shape);
        Assert.Equal(new Shape(3, 2), o.Shape);
        Assert.All(z.ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(o.ToArray(), v => Assert.Equal(1.0, v));
    }
}
