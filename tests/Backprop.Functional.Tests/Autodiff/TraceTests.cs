using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Xunit;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests.Autodiff;

/// <summary>A traced run records each rule with its settings and vars, the parameters read, and the scopes entered.</summary>
public class TraceTests
{
    [Fact]
    public void A_trace_records_rules_settings_parameters_and_scopes()
    {
        var model = Conv2d(2, 3, stride: 2, padding: 1).Then(Relu).Then(Flatten).Then(Dense(3));
        var x = Key.Create(0).Normal<float>(new Shape(2, 1, 5, 5));
        var p = model.Init(Key.Create(1), x).OrThrow();
        var trace = Diff.Trace(model, x, p).OrThrow();
        Assert.Equal(["conv2d", "channel_bias", "relu", "flatten", "matmul", "add_bias"], trace.Ops.Select(o => o.Name));
        Assert.Equal(["conv2d_1", "conv2d_1", "", "", "dense_1", "dense_1"], trace.Ops.Select(o => o.Scope));
        Assert.Equal(2, trace.Ops[0].Settings["stride"]);
        Assert.Equal(1, trace.Ops[0].Settings["padding"]);
        Assert.Same(trace.Input, trace.Ops[0].Inputs[0]);
        Assert.Same(trace.Ops[^1].Output, trace.Output);
        Assert.Same(trace.Ops[0].Output, trace.Ops[1].Inputs[0]);
        Assert.Equal(["conv2d_1/w", "conv2d_1/b", "dense_1/w", "dense_1/b"], trace.Parameters.Select(e => e.Path));
        Assert.Equal([("conv2d_1", 0), ("dense_1", 4)], trace.Scopes);
        Assert.Equal(model.Predict(p, x).OrThrow().Span.ToArray(), trace.Output.Value.Span.ToArray());
    }

    [Fact]
    public void A_rule_of_your_own_is_recorded_as_such() =>
        Assert.True(Diff.Trace(x => Diff.Lift("double", v => new Functional.Rules.Pulled<Tensor<float>, Tensor<float>>(v * 2f, dy => dy * 2f), x),
            Tensor<float>.Ones(new Shape(1, 2)), Params<float>.Empty).OrThrow().Ops.Single() is { User: true, Name: "double" });
}
