using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class MatMulTests
{
    [Property]
    public Property Pullbacks_match_finite_differences() =>
        Prop.ForAll(
            (from m in Generators.Dim()
             from k in Generators.Dim()
             from n in Generators.Dim()
             from a in Generators.Normal(new Shape(m, k))
             from b in Generators.Normal(new Shape(k, n))
             from key in Generators.Key()
             select (a, b, key)).ToArbitrary(),
            c => GradCheck.Rule("MatMul", Functional.Rules.Rule.MatMul, c.a, c.b, c.key).ToProperty());

    [Fact]
    public void Product_of_known_matrices()
    {
        var a = Tensor.Matrix(new[] { new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 } });
        var b = Tensor.Matrix(new[] { new[] { 5.0, 6.0, 7.0 }, new[] { 8.0, 9.0, 10.0 } });
        Assert.Equal([21.0, 24.0, 27.0, 47.0, 54.0, 61.0], Functional.Rules.Rule.MatMul(a, b).Value.ToArray());
    }

    [Fact]
    public void Inner_dimensions_must_agree()
    {
        var e = Assert.Throws<ShapeException>(() => Functional.Rules.Rule.MatMul(Tensor<double>.Zeros(new Shape(2, 3)), Tensor<double>.Zeros(new Shape(4, 5))));
        Assert.Contains("[2, 3]·[4, 5]", e.Message);
    }
}
