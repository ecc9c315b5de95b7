using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;
using static Backprop.Functional.Tests.Autodiff.Errors;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>
/// Rules of any number of inputs, checked on y = a ⊙ b + c with a = [1, 2], b = [3, 4], c = [5, 6] (worked by hand:
/// y = [8, 14]; ∂Σy/∂a = b, ∂Σy/∂b = a, ∂Σy/∂c = 1; the tangent of y is da ⊙ b + a ⊙ db + dc).
/// </summary>
public class LiftManyTests
{
    private static readonly Tensor<double> A = Tensor.Vector(1.0, 2.0), B = Tensor.Vector(3.0, 4.0), C = Tensor.Vector(5.0, 6.0);
    private static readonly Params<double> P = Params<double>.Empty.With("a", A).With("b", B).With("c", C);

    private static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> MultiplyAdd(IReadOnlyList<Tensor<double>> x) =>
        new(x[0] * x[1] + x[2], dy => [dy * x[1], dy * x[0], dy]) { Pushforward = d => d[0] * x[1] + x[0] * d[1] + d[2] };

    private static Diff<double, Var<double>> Read(string name) => Param(name, new Shape(2), (_, s) => Tensor<double>.Zeros(s));

    private static Diff<double, Var<double>> Program(Func<IReadOnlyList<Tensor<double>>, Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>>> rule, string? name = "multiply_add") =>
        from a in Read("a") from b in Read("b") from c in Read("c") from y in Diff.Lift<double>(name, rule, a, b, c) select y;

    [Fact]
    public void Each_input_gets_its_share_of_the_cotangent()
    {
        var (loss, grads) = Diff.ValueAndGrad(from y in Program(MultiplyAdd) from l in Sum(y) select l, P).OrThrow();
        Assert.Equal(8.0 + 14.0, loss);
        Assert.Equal(B.ToArray(), grads["a"].ToArray());
        Assert.Equal(A.ToArray(), grads["b"].ToArray());
        Assert.Equal([1.0, 1.0], grads["c"].ToArray());
    }

    [Fact]
    public void The_rules_pullback_runs_once_per_cotangent()
    {
        var calls = 0;
        Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> Counted(IReadOnlyList<Tensor<double>> x)
        {
            var r = MultiplyAdd(x);
            return new(r.Value, dy => { calls++; return r.Pullback(dy); });
        }
        Diff.ValueAndGrad(from y in Program(Counted) from l in Sum(y) select l, P).OrThrow();
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_rule_of_one_input_is_lifted_too()
    {
        static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> Square(IReadOnlyList<Tensor<double>> x) => new(x[0] * x[0], dy => [2.0 * dy * x[0]]);
        var program = from a in Read("a") from y in Diff.Lift<double>(Square, a) from l in Sum(y) select l;
        var (loss, grads) = Diff.ValueAndGrad(program, P).OrThrow();
        Assert.Equal(5.0, loss);
        Assert.Equal([2.0, 4.0], grads["a"].ToArray());
        static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> Pushed(IReadOnlyList<Tensor<double>> x) => Square(x) with { Pushforward = d => 2.0 * x[0] * d[0] };
        var jvp = Diff.Jvp(from a in Read("a") from y in Diff.Lift<double>(Pushed, a) select y, P, Params<double>.Empty.With("a", Tensor.Vector(1.0, 1.0))).OrThrow();
        Assert.Equal([2.0, 4.0], jvp.Tangent.ToArray());
    }

    [Fact]
    public void A_pullback_giving_the_wrong_number_of_cotangents_is_an_error_value_naming_the_scope_and_rule()
    {
        static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> Short(IReadOnlyList<Tensor<double>> x) => new(MultiplyAdd(x).Value, dy => [dy, dy]);
        var named = Diff.ValueAndGrad(from y in Program(Short) from l in Sum(y) select l, P);
        Assert.Equal("multiply_add has 3 inputs but its pullback returned 2 cotangents", MessageOf(named));
        var unnamed = Diff.ValueAndGrad(from y in Program(Short, name: null) from l in Sum(y) select l, P);
        Assert.Equal("a rule has 3 inputs but its pullback returned 2 cotangents", MessageOf(unnamed));
        var scoped = Diff.ValueAndGrad(
            from a in Read("a") from b in Read("b") from c in Read("c")
            from y in Scope("block", Diff.Lift<double>("multiply_add", Short, a, b, c))
            from l in Sum(y) select l, P);
        Assert.Equal("block_1: multiply_add has 3 inputs but its pullback returned 2 cotangents", MessageOf(scoped));
    }

    [Fact]
    public void Forward_mode_pushes_every_inputs_tangent_and_zeros_for_the_others()
    {
        var u = Params<double>.Empty.With("a", Tensor.Vector(1.0, 1.0)).With("c", Tensor.Vector(10.0, 10.0));
        var jvp = Diff.Jvp(Program(MultiplyAdd), P, u).OrThrow();
        Assert.Equal([8.0, 14.0], jvp.Output.ToArray());
        Assert.Equal([3.0 + 10.0, 4.0 + 10.0], jvp.Tangent.ToArray());
        Assert.Equal([0.0, 0.0], Diff.Jvp(Program(MultiplyAdd), P, Params<double>.Empty).OrThrow().Tangent.ToArray());
        var all = u.With("b", Tensor.Vector(1.0, 2.0));                 // da ⊙ b + a ⊙ db + dc = [3 + 1 + 10, 4 + 4 + 10]
        Assert.Equal([14.0, 18.0], Diff.Jvp(Program(MultiplyAdd), P, all).OrThrow().Tangent.ToArray());
    }

    [Fact]
    public void A_rule_without_a_pushforward_is_an_error_in_forward_mode_naming_it()
    {
        static Pulled<Tensor<double>, IReadOnlyList<Tensor<double>>> NoPush(IReadOnlyList<Tensor<double>> x) => new(MultiplyAdd(x).Value, MultiplyAdd(x).Pullback);
        var u = Params<double>.Empty.With("b", Tensor.Vector(1.0, 1.0));
        Assert.Equal("multiply_add gives a pullback only: forward mode needs its pushforward", MessageOf(Diff.Jvp(Program(NoPush), P, u)));
        Assert.Equal("a rule gives a pullback only: forward mode needs its pushforward", MessageOf(Diff.Jvp(Program(NoPush, name: null), P, u)));
    }

    [Fact]
    public void The_jacobians_of_each_input_are_the_rules_partial_derivatives()
    {
        // ∂y/∂a = diag(b), ∂y/∂b = diag(a), ∂y/∂c = I
        Func<Var<double>, Diff<double, Var<double>>>[] wrt =
        [
            v => Diff.Lift<double>(MultiplyAdd, v, B, C),
            v => Diff.Lift<double>(MultiplyAdd, A, v, C),
            v => Diff.Lift<double>(MultiplyAdd, A, B, v),
        ];
        double[][] expected = [[3, 0, 0, 4], [1, 0, 0, 2], [1, 0, 0, 1]];
        var at = new[] { A, B, C };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], Diff.JacobianForward(wrt[i], at[i], Params<double>.Empty).OrThrow().ToArray());
            Assert.Equal(expected[i], Diff.JacobianReverse(wrt[i], at[i], Params<double>.Empty).OrThrow().ToArray());
        }
    }
}
