using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class DenseTests
{
    [Fact]
    public void The_output_is_x_times_w_plus_b()
    {
        // x = [[1, 2], [−1, 0.5]], w = [[1, 0, −1], [2, 3, 0.5]], b = [0.5, −1, 2]:
        // row 0: (1 + 4, 0 + 6, −1 + 1) + b = (5.5, 5, 2); row 1: (−1 + 1, 0 + 1.5, 1 + 0.25) + b = (0.5, 0.5, 3.25).
        var p = Params<double>.Empty.With("dense_1/w", Tensor.Create(new Shape(2, 3), 1.0, 0, -1, 2, 3, 0.5))
                                    .With("dense_1/b", Tensor.Vector(0.5, -1, 2));
        var y = Dense.Create<double>(3).Predict(p, Tensor.Create(new Shape(2, 2), 1.0, 2, -1, 0.5)).OrThrow();
        Assert.Equal(new Shape(2, 3), y.Shape);
        Assert.Equal([5.5, 5, 2, 0.5, 0.5, 3.25], y.ToArray());
    }

    [Fact]
    public void The_parameters_are_a_weight_in_by_units_and_a_zero_bias_named_by_the_scope()
    {
        var p = Dense.Create<double>(4).Init(Key.Create(1), Tensor<double>.Zeros(new Shape(3, 5))).OrThrow();
        Assert.Equal(["dense_1/b", "dense_1/w"], p.Paths.Order());
        Assert.Equal(new Shape(5, 4), p["dense_1/w"].Shape);
        Assert.Equal(new Shape(4), p["dense_1/b"].Shape);
        Assert.All(p["dense_1/b"].ToArray(), v => Assert.Equal(0.0, v));
        var named = Dense.Create<double>(4, name: "head").Init(Key.Create(1), Tensor<double>.Zeros(new Shape(3, 5))).OrThrow();
        Assert.Equal(["head_1/b", "head_1/w"], named.Paths.Order());
    }

    [Fact]
    public void The_default_weights_are_glorot_uniform_and_a_given_initialiser_replaces_them()
    {
        // Glorot uniform for [20, 30]: U(−a, a), a = √(6/50) ≈ 0.346; 600 draws, so the largest is near a
        // (P(all 600 below 0.9a) = 0.95^600 ≈ 4e−14) and none is beyond it.
        var w = Dense.Create<double>(30).Init(Key.Create(2), Tensor<double>.Zeros(new Shape(1, 20))).OrThrow()["dense_1/w"].ToArray();
        var a = Math.Sqrt(6.0 / 50);
        Assert.All(w, v => Assert.InRange(v, -a, a));
        Assert.InRange(w.Max(v => Math.Abs(v)), 0.9 * a, a);
        var given = Dense.Create<double>(30, Initialisers.Constant<double>(0.25)).Init(Key.Create(2), Tensor<double>.Zeros(new Shape(1, 20))).OrThrow();
        Assert.All(given["dense_1/w"].ToArray(), v => Assert.Equal(0.25, v));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Units_that_are_not_positive_are_rejected_when_the_layer_is_built(int units)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Dense.Create<double>(units, name: "fc"));
        Assert.Equal("units", e.ParamName);
        Assert.Equal(units, e.ActualValue);
    }

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 2, 3, 4 })]
    public void An_input_that_is_not_batch_by_features_is_a_shape_error_naming_the_layer(int[] dims)
    {
        var x = Tensor<double>.Zeros(new Shape(dims));
        var error = Dense.Create<double>(2).Init(Key.Create(0), x).Match(_ => "", e => e.Message);
        Assert.Equal($"dense_1: dense needs input [batch, features], got {x.Shape}", error);
    }

    /// <summary>The layer as its four clauses in query syntax: Dense is one program step with the same tape entries.</summary>
    private static Layer<double> Clauses(int units) => x => Diff.Scope("dense",
        from w in Diff.Param("w", new Shape(x.Shape[-1], units), Initialisers.GlorotUniform<double>())
        from b in Diff.Param("b", new Shape(units), Initialisers.Zeros<double>())
        from h in Ops.MatMul(x, w)
        from y in Ops.AddBias(h, b)
        select y);

    [Fact]
    public void Parameters_trace_and_gradients_are_those_of_its_clauses_in_query_syntax()
    {
        var x = Key.Create(3).Normal<double>(new Shape(4, 5));
        Layer<double> Net(Func<int, Layer<double>> dense) => dense(6).Then(Ops.Relu).Then(dense(3));
        var (ours, theirs) = (Net(u => Dense.Create<double>(u)), Net(Clauses));
        var p = ours.Init(Key.Create(1), x).OrThrow();
        var q = theirs.Init(Key.Create(1), x).OrThrow();
        Assert.Equal(q.Paths, p.Paths);
        Assert.All(q.Paths, path => Assert.Equal(q[path].ToArray(), p[path].ToArray()));
        var (t, u) = (Diff.Trace(ours, x, p).OrThrow(), Diff.Trace(theirs, x, p).OrThrow());
        Assert.Equal(u.Ops.Select(o => (o.Name, o.Scope, o.Output.Shape)), t.Ops.Select(o => (o.Name, o.Scope, o.Output.Shape)));
        Assert.Equal(u.Parameters.Select(e => e.Path), t.Parameters.Select(e => e.Path));
        Assert.Equal(u.Scopes, t.Scopes);
        Diff<double, Var<double>> Loss(Layer<double> net) => from y in net(Var<double>.Constant(x)) from l in Ops.Sum(y) select l;
        var (g, h) = (Diff.ValueAndGrad(Loss(ours), p).OrThrow(), Diff.ValueAndGrad(Loss(theirs), p).OrThrow());
        Assert.Equal(h.Loss, g.Loss);
        Assert.All(h.Grads.Paths, path => Assert.Equal(h.Grads[path].ToArray(), g.Grads[path].ToArray()));
    }
}
