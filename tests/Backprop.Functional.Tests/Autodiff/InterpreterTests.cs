using Backprop.Functional.Autodiff;
using Backprop.Functional.Diagnostics;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;
using static Backprop.Functional.Tests.Autodiff.Errors;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>The backward pass (the tape walked in reverse) and its forward replay (the tape as a linear map).</summary>
public class InterpreterTests
{
    private static readonly Params<double> P = Params<double>.Empty.With("w", Tensor.Vector(1.5, -2.0));
    private static readonly Diff<double, Var<double>> W = Param("w", new Shape(2), (_, s) => Tensor<double>.Zeros(s));

    [Fact]
    public void The_backward_pass_visits_each_reached_node_once_from_the_loss_to_the_parameters()
    {
        // loss = Σ relu(w) ⊙ w at w = [1.5, −2]: ∂/∂w = 2w where w > 0, else 0, so the gradient is [3, 0]
        var loss = from w in W from r in Relu(w) from m in Multiply(r, w) from l in Sum(m) select l;
        var trace = ChainRuleTrace.Of(loss, P).OrThrow();
        Assert.Equal(["sum", "multiply", "relu", "w"], trace.Steps.Select(s => s.Node));
        Assert.Equal([3, 2, 1, 0], trace.Steps.Select(s => s.Index));
        Assert.Equal([["x"], ["x", "w"], ["w"], []], trace.Steps.Select(s => s.CotangentsOut.Select(e => e.Input).ToArray()));
        Assert.Equal([3.0, 0.0], trace.Find("w")!.CotangentIn.ToArray());
        Assert.Equal(Diff.ValueAndGrad(loss, P).OrThrow().Grads["w"].ToArray(), trace.Find("w")!.CotangentIn.ToArray());
    }

    [Fact]
    public void A_user_pullback_of_the_wrong_shape_is_an_error_before_it_reaches_a_sum_of_cotangents()
    {
        // a rule of the user's whose pullback gives the wrong shape, on a value (w) that also receives a right one
        var loss = from w in W from y in Diff.Lift<double>("wrong", t => new(t, _ => Tensor<double>.Zeros(new Shape(3))), w)
                   from z in Add(y, w) from l in Sum(z) select l;
        Assert.Equal("the pullback of wrong gave a cotangent of shape [3] for an input of shape [2]", MessageOf(Diff.ValueAndGrad(loss, P)));
    }

    [Fact]
    public void A_replayed_output_that_does_not_depend_on_the_input_has_tangent_zero()
    {
        var lin = Diff.Linearize(_ => W, Tensor.Vector(1.0, 2.0, 3.0), P).OrThrow();
        Assert.Equal([1.5, -2.0], lin.Output.ToArray());
        Assert.Equal([0.0, 0.0], lin.Map(Tensor.Vector(1.0, 1.0, 1.0)).OrThrow().ToArray());
        Assert.Equal(new double[6], Diff.JacobianForward(_ => W, Tensor.Vector(1.0, 2.0, 3.0), P).OrThrow().ToArray());
        Assert.Equal(new double[6], Diff.JacobianReverse(_ => W, Tensor.Vector(1.0, 2.0, 3.0), P).OrThrow().ToArray());
        var partly = Diff.Linearize(v => from s in Sum(v) from y in Multiply(s, Tensor<double>.Scalar(2.0)) from c in Add(y, Tensor<double>.Scalar(1.0)) select c,
            Tensor.Vector(1.0, 2.0), P).OrThrow();
        Assert.Equal([2.0 * 3.0 + 1.0], partly.Output.ToArray());
        Assert.Equal([2.0 * (10.0 + 20.0)], partly.Map(Tensor.Vector(10.0, 20.0)).OrThrow().ToArray());
    }

    [Fact]
    public void Replaying_a_rule_without_a_pushforward_is_an_error_naming_it()
    {
        Layer<double> pullbackOnly = v => Diff.Lift<double>("mine", t => new(t * 2.0, dy => dy * 2.0), v);
        var x = Tensor.Vector(1.0, 2.0);
        var lin = Diff.Linearize(v => pullbackOnly(v), x, Params<double>.Empty).OrThrow();
        Assert.Equal([2.0, 4.0], lin.Output.ToArray());
        Assert.Equal("mine gives a pullback only: forward mode needs its pushforward", MessageOf(lin.Map(x)));
        Assert.Equal("mine gives a pullback only: forward mode needs its pushforward", MessageOf(Diff.JacobianForward(v => pullbackOnly(v), x, Params<double>.Empty)));
        Assert.Equal([2.0, 0.0, 0.0, 2.0], Diff.JacobianReverse(v => pullbackOnly(v), x, Params<double>.Empty).OrThrow().ToArray());
        Layer<double> unnamed = v => Diff.Lift<double>(t => new(t * 2.0, dy => dy * 2.0), v);
        Assert.Equal("a rule gives a pullback only: forward mode needs its pushforward",
            MessageOf(Diff.Linearize(v => unnamed(v), x, Params<double>.Empty).OrThrow().Map(x)));
    }

    [Fact]
    public void A_two_input_rule_replays_the_sum_of_its_inputs_tangents()
    {
        // y = x ⊙ x through a two-input rule: dy = 2x ⊙ dx, at x = [1, −3], dx = [1, 1]
        Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> Product(Tensor<double> a, Tensor<double> b) =>
            new(a * b, dz => dz * b, dz => dz * a) { PushforwardX = da => da * b, PushforwardY = db => a * db };
        var x = Tensor.Vector(1.0, -3.0);
        var lin = Diff.Linearize(v => Diff.Lift<double>("product", Product, v, v), x, Params<double>.Empty).OrThrow();
        Assert.Equal([2.0, -6.0], lin.Map(Tensor.Vector(1.0, 1.0)).OrThrow().ToArray());
        var half = Diff.Linearize(v => Diff.Lift<double>("product", Product, v, Tensor.Vector(5.0, 7.0)), x, Params<double>.Empty).OrThrow();
        Assert.Equal([5.0, 7.0], half.Map(Tensor.Vector(1.0, 1.0)).OrThrow().ToArray());
        var other = Diff.Linearize(v => Diff.Lift<double>("product", Product, Tensor.Vector(5.0, 7.0), v), x, Params<double>.Empty).OrThrow();
        Assert.Equal([5.0, 7.0], other.Map(Tensor.Vector(1.0, 1.0)).OrThrow().ToArray());
    }

    [Fact]
    public void A_value_no_path_leads_from_the_loss_is_skipped()
    {
        var loss = from w in W from unused in Relu(w) from l in Sum(w) select l;
        Assert.Equal([1.0, 1.0], Diff.ValueAndGrad(loss, P).OrThrow().Grads["w"].ToArray());
        Assert.Equal(["sum", "w"], ChainRuleTrace.Of(loss, P).OrThrow().Steps.Select(s => s.Node));
    }

    [Fact]
    public void A_users_pullback_keeps_the_cotangent_it_is_given_and_what_it_builds()
    {
        var seen = new List<Tensor<double>>();
        Pulled<Tensor<double>, Tensor<double>> Watch(Tensor<double> x) =>
            new(x * 1.0, dy => { seen.Add(dy); seen.Add(dy * 3.0); return dy; });
        var loss = from w in W from r in Relu(w) from v in Diff.Lift(Watch, r) from t in Tanh(v) from l in Sum(t) select l;
        Diff.ValueAndGrad(loss, P).OrThrow();
        var copies = seen.Select(t => t.ToArray()).ToArray();
        for (var i = 0; i < 3; i++) Diff.ValueAndGrad(from w in W from r in Relu(w) from t in Tanh(r) from l in Sum(t) select l, P).OrThrow();
        Assert.Equal(copies, seen.Select(t => t.ToArray()).ToArray());
        Assert.Equal(copies[0].Select(v => 3 * v), copies[1]);
    }

    [Fact]
    public void Runs_leave_the_threads_current_arena_as_they_found_it()
    {
        var arena = TensorArena<double>.Enter();
        try
        {
            var x = Tensor.Vector(1.0, -2.0);
            Diff.Run(from r in Relu(x) from s in Add(r, x) select s, P).OrThrow();
            Assert.Same(arena, TensorArena<double>.Current);
            Diff.ValueAndGrad(from w in W from r in Relu(w) from l in Sum(r) select l, P).OrThrow();
            Assert.Same(arena, TensorArena<double>.Current);
            Diff.Vjp(v => from r in Relu(v) from s in Add(r, v) select s, x, P, x).OrThrow();
            Assert.Same(arena, TensorArena<double>.Current);
        }
        finally
        {
            arena.Exit([]);
        }
    }
}
