using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class AddBiasTests
{
    [Property]
    public Property Pullbacks_match_finite_differences() =>
        Prop.ForAll(
            (from rows in Generators.Dim()
             from cols in Generators.Dim()
             from x in Generators.Normal(new Shape(rows, cols))
             from b in Generators.Normal(new Shape(cols))
             from key in Generators.Key()
             select (x, b, key)).ToArbitrary(),
            c => GradCheck.Rule("AddBias", Functional.Rules.Rule.AddBias, c.x, c.b, c.key).ToProperty());

    [Fact]
    public void Bias_gradient_is_the_sum_over_the_batch()
    {
        var x = Tensor<double>.Zeros(new Shape(3, 2));
        var dy = Tensor.Create(new Shape(3, 2), 1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        var pulled = Functional.Rules.Rule.AddBias(x, Tensor.Vector(0.0, 0.0));
        Assert.Equal([9.0, 12.0], pulled.PullbackY(dy).ToArray());
    }
}
