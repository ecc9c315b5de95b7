using Backprop.Functional.Autodiff;
using Backprop.Functional.Diagnostics;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Diagnostics;

public class ChainRuleTraceTests
{
    private static readonly Layer<double> Mlp = Dense(4).Then(Relu).Then(Dense(3));
    private static readonly Tensor<double> Sample = Tensor.Matrix<double>([[0.5, -1.0]]);
    private static Diff<double, Var<double>> Loss => from z in Mlp(Sample) from l in SoftmaxCrossEntropy(z, [2]) select l;

    private static (Params<double> Params, ChainRuleTrace<double> Trace) TraceMlp()
    {
        var parameters = Mlp.Init(Key.Create(1), Sample).OrThrow();
        return (parameters, ChainRuleTrace.Of(Loss, parameters).OrThrow());
    }

    [Fact]
    public void The_backward_pass_visits_the_nodes_in_reverse()
    {
        var nodes = TraceMlp().Trace.Steps.Where(s => !s.IsParameter).Select(s => s.Node).ToArray();
        Assert.Equal(["softmax_cross_entropy", "dense_2/add_bias", "dense_2/matmul", "relu", "dense_1/add_bias", "dense_1/matmul"], nodes);
    }

    [Fact]
    public void The_parameter_rows_are_the_gradients_of_value_and_grad()
    {
        var (parameters, trace) = TraceMlp();
        var grads = Diff.ValueAndGrad(Loss, parameters).OrThrow();
        Assert.Equal(grads.Loss, trace.Loss);
        var rows = trace.Steps.Where(s => s.IsParameter).ToDictionary(s => s.Node);
        Assert.Equal(["dense_1/b", "dense_1/w", "dense_2/b", "dense_2/w"], rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, g) in grads.Grads) Assert.Equal(g.Span.ToArray(), rows[path].CotangentIn.Span.ToArray());
    }

    [Fact]
    public void Each_cotangent_sent_is_the_one_that_arrives_next()
    {
        var trace = TraceMlp().Trace;
        var matmul2 = trace.Find("dense_2/matmul")!;
        var relu = trace.Find("relu")!;
        var toRelu = Assert.Single(matmul2.CotangentsOut, e => e.To == "relu");
        Assert.Equal("x", toRelu.Input);
        Assert.Equal(toRelu.Cotangent.Span.ToArray(), relu.CotangentIn.Span.ToArray());   // ∂L/∂a₁ reaches relu whole
        var toW2 = Assert.Single(matmul2.CotangentsOut, e => e.Input == "dense_2/w");
        Assert.Equal(toW2.Cotangent.Span.ToArray(), trace.Find("dense_2/w")!.CotangentIn.Span.ToArray());
        Assert.Equal(new Shape(1, 4), relu.OutputShape);
        Assert.True(trace.Find("dense_1/w")!.CotangentIn.Norm() > 0, "pick a key for which some ReLU is active");
        Assert.Equal(new Shape(), trace.Steps[0].OutputShape);
    }

    [Fact]
    public void The_cotangent_into_the_logits_is_prediction_minus_target()
    {
        // ŷ = softmax([0, 0, −1000]) = [0.5, 0.5, 0] (e^−1000 underflows), y = [0, 1, 0]: ∂L/∂z = ŷ − y = [0.5, −0.5, 0].
        var logits = Params<double>.Empty.With("logits", Tensor.Matrix<double>([[0, 0, -1000]]));
        var loss = from z in Diff.Param<double>("logits", new Shape(1, 3), (_, s) => Tensor<double>.Zeros(s)) from l in SoftmaxCrossEntropy(z, [1]) select l;
        var trace = ChainRuleTrace.Of(loss, logits).OrThrow();
        var sent = Assert.Single(trace.Steps[0].CotangentsOut);
        Assert.Equal(("softmax_cross_entropy", "logits", "logits"), (trace.Steps[0].Node, sent.Input, sent.To));
        var g = sent.Cotangent.Span.ToArray();
        Assert.Equal(0.5, g[0], 12);
        Assert.Equal(-0.5, g[1], 12);
        Assert.Equal(0.0, g[2], 12);
        Assert.Contains("[0.5, -0.5, 0]", trace.ToString());
        Assert.Contains("<td>[0.5, -0.5, 0]</td>", trace.ToHtml().Replace("<code>logits</code>: ", "<td>"));
    }

    [Fact]
    public void The_text_table_names_every_node_in_order()
    {
        var text = TraceMlp().Trace.ToString();
        var positions = new[] { "softmax_cross_entropy", "dense_2/matmul", "relu", "dense_1/matmul" }.Select(n => text.IndexOf(n, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.StartsWith("loss = ", text);
    }

    [Fact]
    public void A_loss_that_is_not_scalar_is_an_error()
    {
        var parameters = Mlp.Init(Key.Create(1), Sample).OrThrow();
        Assert.True(ChainRuleTrace.Of(Mlp(Sample), parameters).IsFail);
    }
}
