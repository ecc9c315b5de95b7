using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;
using static Backprop.Functional.Tests.Autodiff.Errors;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>What a run's tape does: one var per parameter path, layer state, constants, and the checks on shapes it makes.</summary>
public class TapeTests
{
    private static readonly Key K = Key.Create(5);
    private static Tensor<double> Z(params int[] dims) => Tensor<double>.Zeros(new Shape(dims));
    private static Diff<double, Var<double>> W(params int[] dims) => Param("w", new Shape(dims), (_, s) => Tensor<double>.Ones(s));

    [Fact]
    public void A_parameter_read_twice_is_one_var_whose_gradient_sums_both_uses()
    {
        var program = from a in W(2) from b in W(2) from ab in Multiply(a, b) from l in Sum(ab) select l;
        var p = Params<double>.Empty.With("w", Tensor.Vector(3.0, -1.0));
        var (loss, grads) = Diff.ValueAndGrad(program, p).OrThrow();
        Assert.Equal(9.0 + 1.0, loss);
        Assert.Equal([6.0, -2.0], grads["w"].ToArray());          // ∂/∂w Σ w·w = 2w
    }

    [Fact]
    public void A_parameter_read_again_with_another_shape_is_an_error_naming_both_shapes()
    {
        var program = Scope("dense", from a in W(2) from b in W(3) select b);
        var p = Params<double>.Empty.With("dense_1/w", Z(2));
        Assert.Equal("dense_1: 'dense_1/w' has shape [2] but the layer needs [3]", MessageOf(Diff.Run(program, p)));
        Assert.Equal("dense_1: 'dense_1/w' has shape [2] but the layer needs [3]", MessageOf(Diff.Init(program, K)));
    }

    [Fact]
    public void Init_makes_a_parameter_once_from_a_key_split_off_the_run_key()
    {
        var drawn = new List<Key>();
        Tensor<double> Draw(Key key, Shape s) { drawn.Add(key); return key.Normal<double>(s); }
        var program = from a in Param("a", new Shape(3), Draw) from again in Param("a", new Shape(3), Draw)
                      from b in Param("b", new Shape(3), Draw) select (a, again, b);
        var p = Diff.Init(program, K).OrThrow();
        Assert.Equal(2, drawn.Count);
        Assert.Equal(K.Split().Right, drawn[0]);                  // the run keeps the left key and hands out the right one
        Assert.Equal(K.Split().Left.Split().Right, drawn[1]);
        Assert.Equal(drawn[0].Normal<double>(new Shape(3)).ToArray(), p["a"].ToArray());
        Assert.Equal(["a", "b"], p.Paths);
    }

    [Fact]
    public void A_missing_parameter_names_the_path_and_what_the_tree_has()
    {
        var program = Scope("dense", W(2));
        var p = Params<double>.Empty.With("other", Z(1));
        Assert.Equal("dense_1: no parameter 'dense_1/w'; the tree has other", MessageOf(Diff.Run(program, p)));
    }

    [Fact]
    public void State_is_made_by_init_read_in_later_runs_and_written_into_the_result()
    {
        var program = Scope("counter",
            from n in Diff.ReadState<double>("n", new Shape(1), s => Tensor<double>.Full(s, 5.0))
            from _ in Diff.WriteState("n", n + 1.0)
            from w in W(1)
            from l in Sum(w)
            select l);
        var (p, state) = Diff.InitWithState(program, K).OrThrow();
        Assert.Equal(["counter_1/n"], state.Paths);
        Assert.Equal([6.0], state["counter_1/n"].ToArray());        // made as 5, then the write of the init run itself
        var after = Diff.ValueAndGrad(program, p, state: state).OrThrow().State;
        Assert.Equal([7.0], after["counter_1/n"].ToArray());
        Assert.Equal([6.0], state["counter_1/n"].ToArray());        // the state passed in is a value: unchanged
        Assert.Equal([8.0], Diff.ValueAndGrad(program, p, state: after).OrThrow().State["counter_1/n"].ToArray());
    }

    [Fact]
    public void Missing_or_misshapen_state_is_an_error_naming_its_path()
    {
        var program = Scope("bn", Diff.ReadState<double>("mean", new Shape(2), Tensor<double>.Zeros));
        Assert.Equal("bn_1: no parameter 'bn_1/mean'; the tree has none", MessageOf(Diff.Run(program, Params<double>.Empty)));
        var state = Params<double>.Empty.With("bn_1/mean", Z(3));
        Assert.Equal("bn_1: 'bn_1/mean' has shape [3] but the layer needs [2]", MessageOf(Diff.Run(program, Params<double>.Empty, state: state)));
        Assert.Equal([0.0, 0.0], Diff.Run(program, Params<double>.Empty, state: state.With("bn_1/mean", Z(2))).OrThrow().ToArray());
    }

    [Fact]
    public void Values_are_constants_outside_gradient_runs_and_of_constants()
    {
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0, 2.0));
        var program = from w in W(2) from y in Relu(w) from z in Add(w, w) from c in Relu(Z(2)) select (w.IsConstant, y.IsConstant, z.IsConstant, c.IsConstant);
        Assert.Equal((true, true, true, true), Diff.Run(program, p).OrThrow());
        var loss = from w in W(2) from y in Relu(w) from z in Add(w, Z(2)) from c in Add(Z(2), Z(2)) from l in Sum(y)
                   select (l, (w.IsConstant, y.IsConstant, z.IsConstant, c.IsConstant));
        Assert.Equal((false, false, false, true), Diff.ValueAndGrad(loss, p).OrThrow().Aux);
    }

    [Fact]
    public void A_constant_input_of_a_two_input_rule_never_has_its_pullback_called()
    {
        var calls = new List<string>();
        Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> Product(Tensor<double> x, Tensor<double> y) =>
            new(x * y, dz => { calls.Add("x"); return dz * y; }, dz => { calls.Add("y"); return dz * x; });
        var p = Params<double>.Empty.With("w", Tensor.Vector(2.0, 3.0));
        var onW = from w in W(2) from z in Diff.Lift(Product, Tensor.Vector(5.0, 7.0), w) from l in Sum(z) select l;
        Assert.Equal([5.0, 7.0], Diff.ValueAndGrad(onW, p).OrThrow().Grads["w"].ToArray());
        Assert.Equal(["y"], calls);
        calls.Clear();
        var onX = from w in W(2) from z in Diff.Lift(Product, w, Tensor.Vector(5.0, 7.0)) from l in Sum(z) select l;
        Assert.Equal([5.0, 7.0], Diff.ValueAndGrad(onX, p).OrThrow().Grads["w"].ToArray());
        Assert.Equal(["x"], calls);
    }

    [Fact]
    public void A_pushforward_of_the_wrong_shape_is_an_error_naming_both_shapes()
    {
        var x = Tensor.Vector(1.0, 2.0);
        Layer<double> bad = v => Diff.Lift<double>(t => new(t, dy => dy) { Pushforward = _ => Z(3) }, v);
        Assert.Equal("a pushforward gave a tangent of shape [3] for a value of shape [2]", MessageOf(Diff.Jvp(v => bad(v), x, x, Params<double>.Empty)));
    }

    [Fact]
    public void A_two_input_rule_without_pushforwards_is_an_error_in_forward_mode_naming_it()
    {
        var x = Tensor.Vector(1.0, 2.0);
        Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> Add(Tensor<double> a, Tensor<double> b) => new(a + b, dz => dz, dz => dz);
        Assert.Equal("plus gives a pullback only: forward mode needs its pushforward",
            MessageOf(Diff.Jvp(v => Diff.Lift<double>("plus", Add, x, v), x, x, Params<double>.Empty)));
        Assert.Equal("a rule gives a pullback only: forward mode needs its pushforward",
            MessageOf(Diff.Jvp(v => Diff.Lift<double>(Add, v, x), x, x, Params<double>.Empty)));
    }

    [Fact]
    public void Forward_mode_adds_the_tangents_of_both_inputs_of_a_rule()
    {
        // z = x ⊙ w: dz = w ⊙ dx + x ⊙ dw (product rule), here with x = [1, 2], w = [3, 4], dx = [1, 0], dw = [10, 100]
        var x = Tensor.Vector(1.0, 2.0);
        var p = Params<double>.Empty.With("w", Tensor.Vector(3.0, 4.0));
        var u = Params<double>.Empty.With("w", Tensor.Vector(10.0, 100.0));
        var jvp = Diff.Jvp(v => from w in W(2) from z in Multiply(v, w) select z, x, Tensor.Vector(1.0, 0.0), p, parameterTangents: u).OrThrow();
        Assert.Equal([3.0, 8.0], jvp.Output.ToArray());
        Assert.Equal([3.0 + 10.0, 0.0 + 200.0], jvp.Tangent.ToArray());
        var inputOnly = Diff.Jvp(v => from w in W(2) from z in Multiply(v, w) select z, x, Tensor.Vector(1.0, 0.0), p).OrThrow();
        Assert.Equal([3.0, 0.0], inputOnly.Tangent.ToArray());
        var parametersOnly = Diff.Jvp(from w in W(2) from z in Multiply(x, w) select z, p, u).OrThrow();
        Assert.Equal([10.0, 200.0], parametersOnly.Tangent.ToArray());
    }

    [Fact]
    public void A_traced_rule_records_each_of_its_inputs()
    {
        var x = Tensor.Vector(1.0, 2.0);
        Pulled2<Tensor<double>, Tensor<double>, Tensor<double>> Plus(Tensor<double> a, Tensor<double> b) => new(a + b, dz => dz, dz => dz);
        var trace = Diff.Trace(v => from r in Relu(v) from s in Add(r, v) from u in Diff.Lift<double>("plus", Plus, s, v) select u, x, Params<double>.Empty).OrThrow();
        Assert.Equal([1, 2, 2], trace.Ops.Select(o => o.Inputs.Count));
        Assert.Same(trace.Input, trace.Ops[1].Inputs[1]);
        Assert.Same(trace.Ops[1].Output, trace.Ops[2].Inputs[0]);
        Assert.True(trace.Ops[2].User);
    }

    [Fact]
    public void A_users_rule_output_not_read_nor_returned_keeps_its_numbers()
    {
        Var<double>? made = null;
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0, 2.0));
        var loss = from w in W(2) from v in Diff.Lift<double>(t => new(t * 2.0, dy => dy * 2.0), w) let _ = made = v from l in Sum(v) select l;
        Diff.ValueAndGrad(loss, p).OrThrow();
        Assert.Equal([2.0, 4.0], made!.Value.ToArray());            // user code built it, so no arena memory went back
    }

    [Fact]
    public void Sequential_runs_its_layers_in_order()
    {
        var x = Tensor.Vector(-1.0, 2.0);
        Layer<double> relu = v => Relu(v), negate = v => Subtract(Tensor<double>.Zeros(v.Shape), v);
        Assert.Equal([0.0, -2.0], Sequential(relu, negate).Predict(Params<double>.Empty, x).OrThrow().ToArray());
        Assert.Equal([1.0, 0.0], Sequential(negate, relu).Predict(Params<double>.Empty, x).OrThrow().ToArray());
    }
}
