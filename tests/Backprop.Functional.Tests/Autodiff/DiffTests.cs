using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Autodiff;

public class DiffTests
{
    private static readonly Key K = Key.Create(7);
    private static readonly Tensor<double> X = K.Normal<double>(new Shape(4, 3));
    private static readonly Layer<double> Mlp = Dense(5).Then(Tanh).Then(Dense(2));

    [Fact]
    public void Running_twice_gives_bit_identical_loss_and_gradients()
    {
        var p = Mlp.Init(K, X).OrThrow();
        var loss = from y in Mlp(X) from l in Mean(y) select l;
        var first = Diff.ValueAndGrad(loss, p, K).OrThrow();
        var second = Diff.ValueAndGrad(loss, p, K).OrThrow();
        Assert.Equal(first.Loss, second.Loss);
        Assert.All(first.Grads, e => Assert.Equal(e.Value.ToArray(), second.Grads[e.Key].ToArray()));
    }

    [Fact]
    public void A_value_used_twice_receives_the_sum_of_its_cotangents()
    {
        var w = Tensor.Vector(1.5, -2.0, 3.0);
        var program = from v in Param("w", w.Shape, (_, _) => w)
                      from sq in Multiply(v, v)          // v used twice: ∂/∂v (v·v) = 2v
                      from s in Sum(sq)
                      select s;
        var p = Diff.Init(program, K).OrThrow();
        var (loss, grads) = Diff.ValueAndGrad(program, p).OrThrow();
        Assert.Equal(1.5 * 1.5 + 4 + 9, loss);
        Assert.Equal([3.0, -4.0, 6.0], grads["w"].ToArray());
    }

    [Fact]
    public void Parameters_are_read_by_scoped_name()
    {
        var p = Mlp.Named("mlp").Init(K, X).OrThrow();
        Assert.Equal(["mlp_1/dense_1/b", "mlp_1/dense_1/w", "mlp_1/dense_2/b", "mlp_1/dense_2/w"], p.Paths);
        Assert.Equal(new Shape(3, 5), p["mlp_1/dense_1/w"].Shape);
    }

    [Fact]
    public void Init_is_a_function_of_the_key()
    {
        var a = Mlp.Init(Key.Create(1), X).OrThrow();
        var b = Mlp.Init(Key.Create(1), X).OrThrow();
        var c = Mlp.Init(Key.Create(2), X).OrThrow();
        Assert.Equal(a["dense_1/w"].ToArray(), b["dense_1/w"].ToArray());
        Assert.NotEqual(a["dense_1/w"].ToArray(), c["dense_1/w"].ToArray());
    }

    [Fact]
    public void Point_free_Then_equals_the_query_it_abbreviates()
    {
        Layer<double> query = x => from h in Dense(5)(x) from a in Tanh(h) from y in Dense(2)(a) select y;
        var p = Mlp.Init(K, X).OrThrow();
        Assert.Equal(Mlp.Predict(p, X).OrThrow().ToArray(), query.Predict(p, X).OrThrow().ToArray());
    }

    [Fact]
    public void Fresh_keys_differ_within_a_run_and_repeat_across_runs()
    {
        var program = from a in FreshKey() from b in FreshKey() select (a, b);
        var (a1, b1) = Diff.Run(program, Params<double>.Empty, K).OrThrow();
        var (a2, b2) = Diff.Run(program, Params<double>.Empty, K).OrThrow();
        Assert.NotEqual(a1, b1);
        Assert.Equal((a1, b1), (a2, b2));
    }

    [Fact]
    public void Shapes_that_do_not_fit_are_an_error_naming_the_layer_and_both_shapes()
    {
        Layer<double> wrong = h => Scope("project", from w in Param("w", new Shape(7, 2), GlorotUniform) from y in MatMul(h, w) select y);
        var result = Dense(5).Then(wrong).Init(K, X);
        var message = result.Match(_ => "", e => e.Message);
        Assert.True(result.IsFail);
        Assert.Contains("project_1", message);
        Assert.Contains("[4, 5]", message);
        Assert.Contains("[7, 2]", message);
    }

    [Fact]
    public void Parameters_for_another_input_size_are_an_error_naming_the_path_and_both_shapes()
    {
        var p = Mlp.Init(K, X).OrThrow();
        var message = Mlp.Predict(p, K.Normal<double>(new Shape(4, 6))).Match(_ => "", e => e.Message);
        Assert.Contains("dense_1/w", message);
        Assert.Contains("[3, 5]", message);
        Assert.Contains("[6, 5]", message);
    }

    [Fact]
    public void Aux_outputs_come_back_with_the_gradient()
    {
        var p = Mlp.Init(K, X).OrThrow();
        var program = from y in Mlp(X) from l in Mean(y) select (l, y);
        var result = Diff.ValueAndGrad(program, p).OrThrow();
        Assert.Equal(Mlp.Predict(p, X).OrThrow().ToArray(), result.Aux.Value.ToArray());
    }

    [Fact]
    public void Mlp_with_loss_matches_finite_differences()
    {
        var labels = new[] { 0, 1, 1, 0 };
        var report = GradCheck.Function("mlp+ce", x => from y in Mlp(x) from l in SoftmaxCrossEntropy(y, labels) select l,
            X, Mlp.Init(K, X).OrThrow(), K);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void A_dense_layer_with_he_init_has_the_he_variance()
    {
        var w = Dense(256, HeNormal).Init(K, Tensor<double>.Zeros(new Shape(1, 400))).OrThrow()["dense_1/w"];
        var variance = w.Dot(w) / w.Size;
        Assert.InRange(variance, 2.0 / 400 * 0.95, 2.0 / 400 * 1.05);
    }
}
