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
}
