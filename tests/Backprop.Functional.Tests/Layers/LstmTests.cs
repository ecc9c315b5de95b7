using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class LstmTests
{
    // Features 2, hidden 2, one sequence of two steps; weights chosen by hand (all but one non-zero), so every gate matters and
    // the second step sees non-zero h and c.
    private static readonly Tensor<double> X = Tensor.Create(new Shape(1, 2, 2), 0.5, -1.0, 1.5, 0.25);

    private static Params<double> Weights(string scope = "lstm_1") => Params<double>.Empty
        .With($"{scope}/wx", Tensor.Create(new Shape(2, 8), 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.2, -0.3, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.4, 0.1))
        .With($"{scope}/wh", Tensor.Create(new Shape(2, 8), 0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.2, 0.3, -0.1, 0.25, 0.35, -0.3, 0.15, 0.45, 0.1, -0.4))
        .With($"{scope}/b", Tensor.Vector(0.1, -0.2, 0.3, 0.05, -0.1, 0.25, 0.2, -0.1));

    // Computed in plain double-precision Python from the PyTorch LSTM equations (gates i, f, g, o; h0 = c0 = 0):
    // z = x·wx + h·wh + b, c = σ(z_f)·c + σ(z_i)·tanh(z_g), h = σ(z_o)·tanh(c).
    private static readonly double[] Expected = [0.013337654439955918, -0.03563401403023591, 0.21256293175545965, -0.088063523704158056];

    [Fact]
    public void Two_steps_by_hand_give_every_hidden_state()
    {
        var hs = Lstm.Create<double>(2, sequences: true).Predict(Weights(), X).OrThrow();
        Assert.Equal(new Shape(1, 2, 2), hs.Shape);
        Assert.All(hs.ToArray().Zip(Expected), e => Assert.Equal(e.Item2, e.Item1, 12));
    }

    [Fact]
    public void Without_sequences_the_layer_returns_the_last_hidden_state()
    {
        var h = Lstm.Create<double>(2).Predict(Weights(), X).OrThrow();
        Assert.Equal(new Shape(1, 2), h.Shape);
        Assert.Equal(Expected[2], h[0, 0], 12);
        Assert.Equal(Expected[3], h[0, 1], 12);
    }

    [Fact]
    public void Unroll_gives_the_same_states_from_a_list_of_steps()
    {
        var steps = new List<Var<double>> { Tensor.Create(new Shape(1, 2), 0.5, -1.0), Tensor.Create(new Shape(1, 2), 1.5, 0.25) };
        var hs = Diff.Run(Lstm.Unroll(steps, 2, name: "enc"), Weights("enc_1")).OrThrow();
        Assert.Equal(2, hs.Count);
        Assert.All(new[] { hs[0].Value[0, 0], hs[0].Value[0, 1], hs[1].Value[0, 0], hs[1].Value[0, 1] }.Zip(Expected),
            e => Assert.Equal(e.Item2, e.Item1, 12));
    }

    [Fact]
    public void The_parameters_have_the_documented_names_shapes_and_initial_values()
    {
        var p = Lstm.Create<double>(3).Init(Key.Create(1), Tensor<double>.Zeros(new Shape(2, 4, 5))).OrThrow();
        Assert.Equal(["lstm_1/b", "lstm_1/wh", "lstm_1/wx"], p.Paths.Order());
        Assert.Equal(new Shape(5, 12), p["lstm_1/wx"].Shape);
        Assert.Equal(new Shape(3, 12), p["lstm_1/wh"].Shape);
        Assert.Equal(new Shape(12), p["lstm_1/b"].Shape);
        Assert.All(p["lstm_1/b"].ToArray(), v => Assert.Equal(0.0, v));
        // wh [3, 12] is orthogonal: its three rows are orthonormal.
        var wh = p["lstm_1/wh"];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(i == j ? 1.0 : 0.0, Enumerable.Range(0, 12).Sum(k => wh[i, k] * wh[j, k]), 12);
        Assert.All(p["lstm_1/wx"].ToArray(), v => Assert.InRange(v, -Math.Sqrt(6.0 / 17), Math.Sqrt(6.0 / 17)));
    }

    [Theory]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 2, 3, 4, 5 })]
    public void An_input_that_is_not_a_sequence_is_a_shape_error_naming_the_layer(int[] dims)
    {
        var x = Tensor<double>.Zeros(new Shape(dims));
        var error = Lstm.Create<double>(2).Init(Key.Create(0), x).Match(_ => "", e => e.Message);
        Assert.Equal($"lstm_1: lstm needs input [batch, time, features], got {x.Shape}", error);
    }

    [Fact]
    public void A_sequence_of_no_steps_is_a_shape_error_naming_the_layer()
    {
        var error = Lstm.Create<double>(2).Init(Key.Create(0), Tensor<double>.Zeros(new Shape(2, 0, 3))).Match(_ => "", e => e.Message);
        Assert.Equal("lstm_1: lstm needs at least one time step, got input [2, 0, 3]", error);
    }

    [Fact]
    public void Unroll_needs_at_least_one_step_of_batch_by_features()
    {
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Lstm.Unroll<double>(new List<Var<double>>(), 2)).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Lstm.Unroll<double>([Tensor<double>.Zeros(new Shape(1, 2, 2))], 2)).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Lstm.Unroll<double>([Tensor<double>.Zeros(new Shape(2))], 2)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_hidden_size_that_is_not_positive_is_rejected(int hidden)
    {
        Assert.Equal("hidden", Assert.Throws<ArgumentOutOfRangeException>(() => Lstm.Create<double>(hidden)).ParamName);
        Assert.Equal("hidden", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Lstm.Unroll<double>([Tensor<double>.Zeros(new Shape(1, 2))], hidden)).ParamName);
    }
}
