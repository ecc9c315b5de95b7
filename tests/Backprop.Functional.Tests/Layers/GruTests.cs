using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class GruTests
{
    // Features 2, hidden 2, one sequence of two steps; weights chosen by hand (all but one non-zero), so every gate and both
    // biases matter and the second step sees a non-zero h.
    private static readonly Tensor<double> X = Tensor.Create(new Shape(1, 2, 2), 0.5, -1.0, 1.5, 0.25);

    private static Params<double> Weights(string scope = "gru_1") => Params<double>.Empty
        .With($"{scope}/wx", Tensor.Create(new Shape(2, 6), 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15))
        .With($"{scope}/wh", Tensor.Create(new Shape(2, 6), 0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.1, 0.25, 0.35, -0.3, 0.15, 0.45))
        .With($"{scope}/bx", Tensor.Vector(0.1, -0.1, 0.2, -0.2, 0.3, -0.3))
        .With($"{scope}/bh", Tensor.Vector(-0.05, 0.15, 0.05, 0.1, -0.25, 0.2));

    // Computed in plain double-precision Python from the PyTorch GRU equations (r, z, n gates; h0 = 0):
    // a = x·wx + bx, u = h·wh + bh, r = σ(a_r + u_r), z = σ(a_z + u_z), n = tanh(a_n + r·u_n), h = (1 − z)·n + z·h.
    private static readonly double[] Expected = [0.12149627820063706, -0.33535165144460372, 0.32811153514998587, -0.63624095623885679];

    [Fact]
    public void Two_steps_by_hand_give_every_hidden_state()
    {
        var hs = Gru.Create<double>(2, sequences: true).Predict(Weights(), X).OrThrow();
        Assert.Equal(new Shape(1, 2, 2), hs.Shape);
        Assert.All(hs.ToArray().Zip(Expected), e => Assert.Equal(e.Item2, e.Item1, 12));
    }

    [Fact]
    public void Without_sequences_the_layer_returns_the_last_hidden_state()
    {
        var h = Gru.Create<double>(2).Predict(Weights(), X).OrThrow();
        Assert.Equal(new Shape(1, 2), h.Shape);
        Assert.Equal(Expected[2], h[0, 0], 12);
        Assert.Equal(Expected[3], h[0, 1], 12);
    }

    [Fact]
    public void Unroll_gives_the_same_states_from_a_list_of_steps()
    {
        var steps = new List<Var<double>> { Tensor.Create(new Shape(1, 2), 0.5, -1.0), Tensor.Create(new Shape(1, 2), 1.5, 0.25) };
        var hs = Diff.Run(Gru.Unroll(steps, 2, name: "enc"), Weights("enc_1")).OrThrow();
        Assert.Equal(2, hs.Count);
        Assert.All(new[] { hs[0].Value[0, 0], hs[0].Value[0, 1], hs[1].Value[0, 0], hs[1].Value[0, 1] }.Zip(Expected),
            e => Assert.Equal(e.Item2, e.Item1, 12));
    }

    [Fact]
    public void The_parameters_have_the_documented_names_shapes_and_initial_values()
    {
        var p = Gru.Create<double>(3).Init(Key.Create(1), Tensor<double>.Zeros(new Shape(2, 4, 5))).OrThrow();
        Assert.Equal(["gru_1/bh", "gru_1/bx", "gru_1/wh", "gru_1/wx"], p.Paths.Order());
        Assert.Equal(new Shape(5, 9), p["gru_1/wx"].Shape);
        Assert.Equal(new Shape(3, 9), p["gru_1/wh"].Shape);
        Assert.Equal(new Shape(9), p["gru_1/bx"].Shape);
        Assert.Equal(new Shape(9), p["gru_1/bh"].Shape);
        Assert.All(p["gru_1/bx"].ToArray().Concat(p["gru_1/bh"].ToArray()), v => Assert.Equal(0.0, v));
        // wh [3, 9] is orthogonal: its three rows are orthonormal.
        var wh = p["gru_1/wh"];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(i == j ? 1.0 : 0.0, Enumerable.Range(0, 9).Sum(k => wh[i, k] * wh[j, k]), 12);
        Assert.All(p["gru_1/wx"].ToArray(), v => Assert.InRange(v, -Math.Sqrt(6.0 / 14), Math.Sqrt(6.0 / 14)));
    }

    [Theory]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 2, 3, 4, 5 })]
    public void An_input_that_is_not_a_sequence_is_a_shape_error_naming_the_layer(int[] dims)
    {
        var x = Tensor<double>.Zeros(new Shape(dims));
        var error = Gru.Create<double>(2).Init(Key.Create(0), x).Match(_ => "", e => e.Message);
        Assert.Equal($"gru_1: gru needs input [batch, time, features], got {x.Shape}", error);
    }

    [Fact]
    public void A_sequence_of_no_steps_is_a_shape_error_naming_the_layer()
    {
        var error = Gru.Create<double>(2).Init(Key.Create(0), Tensor<double>.Zeros(new Shape(2, 0, 3))).Match(_ => "", e => e.Message);
        Assert.Equal("gru_1: gru needs at least one time step, got input [2, 0, 3]", error);
    }

    [Fact]
    public void Unroll_needs_at_least_one_step_of_batch_by_features()
    {
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Gru.Unroll<double>(new List<Var<double>>(), 2)).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Gru.Unroll<double>([Tensor<double>.Zeros(new Shape(1, 2, 2))], 2)).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Gru.Unroll<double>([Tensor<double>.Zeros(new Shape(2))], 2)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_hidden_size_that_is_not_positive_is_rejected(int hidden)
    {
        Assert.Equal("hidden", Assert.Throws<ArgumentOutOfRangeException>(() => Gru.Create<double>(hidden)).ParamName);
        Assert.Equal("hidden", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gru.Unroll<double>([Tensor<double>.Zeros(new Shape(1, 2))], hidden)).ParamName);
    }
}
