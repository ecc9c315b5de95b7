using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Rules;

public class LogSoftmaxTests
{
    [Property]
    [ChecksGradientOf(nameof(Functional.Rules.Rule.LogSoftmax))]
    public Property Pullback_matches_finite_differences() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2)
                             from x in Generators.Normal(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("LogSoftmax", Rule.LogSoftmax, c.x, c.key).ToProperty());

    [Fact]
    public void Is_finite_where_log_of_softmax_is_not()
    {
        var y = Rule.LogSoftmax(Tensor.Matrix([[1000.0, 0.0]])).Value;
        Assert.Equal(0.0, y[0, 0]);
        Assert.Equal(-1000.0, y[0, 1]);
        Assert.Equal(double.NegativeInfinity, Math.Log(Rule.Softmax(Tensor.Matrix([[1000.0, 0.0]])).Value[0, 1]));
    }

    [Property]
    public Property Exponentiated_rows_sum_to_one() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(2) from x in Generators.Normal(shape) select x), x =>
        {
            var p = Rule.LogSoftmax(x).Value.Map(Math.Exp);
            return Enumerable.Range(0, x.Shape[0]).All(i => Math.Abs(p.Rows(i, 1).Sum() - 1) < 1e-12);
        });

    /// <summary>Rank 3: the softmax runs along the last axis, which is not axis 1.</summary>
    [Property]
    public Property Pullback_matches_finite_differences_on_rank_3() =>
        Prop.ForAll(Arb.From(from shape in Generators.Shape(3)
                             from x in Generators.Normal(shape)
                             from key in Generators.Key()
                             select (x, key)),
            c => GradCheck.Rule("LogSoftmax rank 3", Rule.LogSoftmax, c.x, c.key).ToProperty());
}
