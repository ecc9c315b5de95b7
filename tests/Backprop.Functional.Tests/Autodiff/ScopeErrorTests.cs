using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;
using static Backprop.Functional.Tests.Autodiff.Errors;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>Scope paths, and the errors a run returns: each names the scope it happened in, once.</summary>
public class ScopeErrorTests
{
    private static readonly Key K = Key.Create(3);
    private static Tensor<double> Z(params int[] dims) => Tensor<double>.Zeros(new Shape(dims));

    private static Diff<double, Var<double>> Misfit =>
        from y in MatMul(Z(2, 3), Z(4, 5)) select y;

    [Fact]
    public void A_shape_error_inside_nested_scopes_is_prefixed_with_their_path()
    {
        var program = Scope("outer", Scope("inner", Misfit));
        Assert.Equal("outer_1/inner_1: matmul needs [m, k]·[k, n], got [2, 3]·[4, 5]", MessageOf(Diff.Run(program, Params<double>.Empty)));
    }

    [Fact]
    public void A_shape_error_outside_any_scope_is_the_bare_message()
    {
        Assert.Equal("matmul needs [m, k]·[k, n], got [2, 3]·[4, 5]", MessageOf(Diff.Run(Misfit, Params<double>.Empty)));
    }

    [Fact]
    public void A_shape_error_after_a_scope_closed_names_no_scope()
    {
        var program = from _ in Scope("done", Pure(0)) from y in Misfit select y;
        Assert.Equal("matmul needs [m, k]·[k, n], got [2, 3]·[4, 5]", MessageOf(Diff.Run(program, Params<double>.Empty)));
    }

    [Fact]
    public void A_missing_key_names_the_scope_once_and_the_runner_to_pass_it_to()
    {
        var program = from k in Scope("drop", FreshKey()) select Z(1);
        Assert.Equal("drop_1 needs a key: pass one to Run", MessageOf(Diff.Run(program, Params<double>.Empty)));
        var loss = from k in Scope("drop", FreshKey()) from l in Sum(Z(1)) select l;
        Assert.Equal("drop_1 needs a key: pass one to ValueAndGrad", MessageOf(Diff.ValueAndGrad(loss, Params<double>.Empty)));
    }

    [Fact]
    public void A_missing_key_outside_any_scope_names_the_program()
    {
        Assert.Equal("the program needs a key: pass one to Run", MessageOf(Diff.Run(FreshKey(), Params<double>.Empty)));
    }

    [Fact]
    public void A_parameter_of_the_wrong_shape_is_an_error_naming_its_path_and_both_shapes()
    {
        var program = Scope("dense", Param("w", new Shape(2, 3), (_, s) => Tensor<double>.Zeros(s)));
        var p = Params<double>.Empty.With("dense_1/w", Z(3, 2));
        Assert.Equal("dense_1: 'dense_1/w' has shape [3, 2] but the layer needs [2, 3]", MessageOf(Diff.Run(program, p)));
    }

    [Fact]
    public void A_missing_parameter_is_an_error_naming_its_scope()
    {
        var program = Scope("dense", Param("w", new Shape(2, 3), (_, s) => Tensor<double>.Zeros(s)));
        var message = MessageOf(Diff.Run(program, Params<double>.Empty));
        Assert.StartsWith("dense_1: ", message);
        Assert.Contains("dense_1/w", message);
    }

    [Fact]
    public void Scopes_are_numbered_per_parent_and_closed_on_leaving()
    {
        var program = from a in Scope("a", Diff.ScopePath<double>())
                      from b in Scope("a", Scope("b", Diff.ScopePath<double>()))
                      from c in Scope("c", Scope("b", Diff.ScopePath<double>()))
                      from top in Diff.ScopePath<double>()
                      select (a, b, c, top);
        Assert.Equal(("a_1", "a_2/b_1", "c_1/b_1", ""), Diff.Run(program, Params<double>.Empty).OrThrow());
    }

    [Fact]
    public void Parameters_live_under_their_scope_path()
    {
        var program = Scope("outer", from v in Param("w", new Shape(1), (_, s) => Tensor<double>.Ones(s))
                                     from u in Scope("inner", Param("w", new Shape(2), (_, s) => Tensor<double>.Ones(s)))
                                     select u);
        Assert.Equal(["outer_1/inner_1/w", "outer_1/w"], Diff.Init(program, K).OrThrow().Paths.Order());
    }

    [Fact]
    public void A_loss_that_is_not_a_scalar_is_an_error_naming_its_shape()
    {
        var loss = from y in Add(Z(2), Z(2)) select y;
        Assert.Equal("ValueAndGrad needs a scalar loss, got shape [2]", MessageOf(Diff.ValueAndGrad(loss, Params<double>.Empty)));
    }

    [Fact]
    public void A_cotangent_of_another_shape_is_an_error_naming_both_shapes()
    {
        var result = Diff.Vjp(x => Relu(x), Z(2), Params<double>.Empty, Z(3));
        Assert.Equal("cotangent has shape [3] but the output has [2]", MessageOf(result));
    }

    [Fact]
    public void OrThrow_throws_the_error_message()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Diff.Run(Misfit, Params<double>.Empty).OrThrow());
        Assert.Equal("matmul needs [m, k]·[k, n], got [2, 3]·[4, 5]", e.Message);
    }

    [Fact]
    public void Run_is_in_evaluation_mode_unless_asked_and_gradients_in_training_mode()
    {
        Assert.False(Diff.Run(IsTraining(), Params<double>.Empty).OrThrow());
        Assert.True(Diff.Run(IsTraining(), Params<double>.Empty, training: true).OrThrow());
        var loss = from t in IsTraining() from l in Sum(Tensor.Vector(t ? 1.0 : 0.0)) select (l, t);
        Assert.True(Diff.ValueAndGrad(loss, Params<double>.Empty).OrThrow().Aux);
    }

    [Fact]
    public void Unused_parameters_and_inputs_get_zero_gradients_of_their_shape()
    {
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0, 2.0));
        var (loss, grads) = Diff.ValueAndGrad(from l in Sum(Tensor.Vector(3.0, 4.0)) select l, p).OrThrow();
        Assert.Equal(7.0, loss);
        Assert.Equal([0.0, 0.0], grads["w"].ToArray());
        var vjp = Diff.Vjp(_ => Sum(Tensor.Vector(1.0)), Z(2, 2), p, Tensor<double>.Ones(Shape.Scalar)).OrThrow();
        Assert.Equal(new Shape(2, 2), vjp.InputGrad.Shape);
        Assert.All(vjp.InputGrad.ToArray(), g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Vjp_gives_the_output_and_the_cotangent_pulled_back()
    {
        var r = Diff.Vjp(x => Multiply(x, x), Tensor.Vector(1.0, -2.0), Params<double>.Empty, Tensor.Vector(1.0, 3.0)).OrThrow();
        Assert.Equal([1.0, 4.0], r.Output.ToArray());
        Assert.Equal([2.0, -12.0], r.InputGrad.ToArray());
    }

    [Fact]
    public void A_rule_of_no_inputs_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Diff.Lift<double>(xs => new(xs[0], dy => [dy])));
    }

    [Fact]
    public void Sequential_of_no_layers_is_the_identity()
    {
        var x = Tensor.Vector(1.0, 2.0);
        Assert.Equal(x.ToArray(), Sequential().Predict(Params<double>.Empty, x).OrThrow().ToArray());
    }

    [Fact]
    public void A_var_says_its_shape_and_whether_it_is_constant()
    {
        Assert.Equal("Var[2, 3] (constant)", Var<double>.Constant(Z(2, 3)).ToString());
        var p = Params<double>.Empty.With("w", Z(2));
        var program = from w in Param("w", new Shape(2), (_, s) => Tensor<double>.Zeros(s)) from l in Sum(w) select (l, l);
        var made = Diff.ValueAndGrad(program, p).OrThrow().Aux;
        Assert.Equal("Var[]", made.ToString());
    }
}
