using Backprop.Functional.Autodiff;
using Backprop.Functional.Diagnostics;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;
using static Backprop.Functional.Tests.Autodiff.Errors;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>
/// A user's pullback that gives a cotangent of the wrong shape: every runner that walks the tape backward returns an
/// error naming the scope, the rule and both shapes, never an exception and never a gradient of the wrong shape.
/// </summary>
public class UserPullbackErrorTests
{
    private static readonly Params<double> P = Params<double>.Empty.With("w", Tensor.Create(new Shape(2, 3), 1.0, 2, 3, 4, 5, 6));

    private static Diff<double, Var<double>> W => Param("w", new Shape(2, 3), (_, s) => Tensor<double>.Zeros(s));

    /// <summary>y = 2x, whose pullback forgets the shape and gives the sum of the cotangent.</summary>
    private static Pulled<Tensor<double>, Tensor<double>> Flattened(Tensor<double> x) => new(2.0 * x, dy => Tensor.Vector(2.0 * dy.ToArray().Sum()));

    /// <summary>z = x ⊙ y, whose pullback for y is right and for x is the transpose.</summary>
    private static Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> Transposed(Tensor<double> x, Tensor<double> y) =>
        new(x * y, dz => (dz * y).Transpose(), dz => dz * x);

    private static Diff<double, Var<double>> Loss(Diff<double, Var<double>> body) => from y in body from l in Sum(y) select l;

    private static Diff<double, Var<double>> OneInput => from w in W from y in Scope("block", Diff.Lift<double>("double", Flattened, w)) select y;

    private static Diff<double, Var<double>> TwoInputs => from w in W from y in Diff.Lift<double>(Transposed, w, w) select y;

    private const string OneInputError = "block_1: the pullback of double gave a cotangent of shape [1] for an input of shape [2, 3]";

    [Fact]
    public void ValueAndGrad_returns_an_error_naming_the_scope_the_rule_and_both_shapes()
    {
        Assert.Equal(OneInputError, MessageOf(Diff.ValueAndGrad(Loss(OneInput), P)));
    }

    [Fact]
    public void A_two_input_rule_without_a_name_is_called_a_rule()
    {
        Assert.Equal("the pullback of a rule gave a cotangent of shape [3, 2] for an input of shape [2, 3]", MessageOf(Diff.ValueAndGrad(Loss(TwoInputs), P)));
    }

    [Fact]
    public void Vjp_and_the_reverse_Jacobian_return_the_same_error()
    {
        Diff<double, Var<double>> F(Var<double> x) => Scope("block", Diff.Lift<double>("double", Flattened, x));
        var x = Tensor.Vector(1.0, 2.0);
        Assert.Equal("block_1: the pullback of double gave a cotangent of shape [1] for an input of shape [2]",
            MessageOf(Diff.Vjp(F, x, Params<double>.Empty, Tensor.Vector(1.0, 1.0))));
        Assert.Equal("block_1: the pullback of double gave a cotangent of shape [1] for an input of shape [2]",
            MessageOf(Diff.JacobianReverse(F, x, Params<double>.Empty)));
    }

    [Fact]
    public void A_chain_rule_trace_returns_the_same_error()
    {
        Assert.Equal(OneInputError, MessageOf(ChainRuleTrace.Of(Loss(OneInput), P)));
    }

    [Fact]
    public void A_pullback_giving_no_cotangent_is_an_error_too()
    {
        static Pulled<Tensor<double>, Tensor<double>> Nothing(Tensor<double> x) => new(x, _ => null!);
        Assert.Equal("the pullback of nothing gave no cotangent for an input of shape [2, 3]",
            MessageOf(Diff.ValueAndGrad(Loss(from w in W from y in Diff.Lift<double>("nothing", Nothing, w) select y), P)));
    }

    [Fact]
    public void A_right_pullback_still_gives_the_gradient()
    {
        static Pulled<Tensor<double>, Tensor<double>> Doubled(Tensor<double> x) => new(2.0 * x, dy => 2.0 * dy);
        var (loss, grads) = Diff.ValueAndGrad(Loss(from w in W from y in Diff.Lift<double>("double", Doubled, w) select y), P).OrThrow();
        Assert.Equal(42.0, loss);
        Assert.Equal(Enumerable.Repeat(2.0, 6), grads["w"].ToArray());
    }
}
