using System.Collections.Immutable;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

/// <summary>
/// What every recurrent layer (GRU, LSTM) must do, run once per layer by the derived classes: two steps by hand with hidden
/// size 2 (hidden 1 would hide the gate offsets), the last state, <c>Unroll</c> over a list of steps, and its shape errors.
/// </summary>
public abstract class RecurrentLayerTests
{
    /// <summary>Features 2, one sequence of two steps.</summary>
    protected static readonly Tensor<double> X = Tensor.Create(new Shape(1, 2, 2), 0.5, -1.0, 1.5, 0.25);

    /// <summary>The layer's name in messages and scopes ("gru").</summary>
    protected abstract string Name { get; }

    protected abstract Layer<double> Create(int hidden, bool sequences = false);

    protected abstract Diff<double, ImmutableList<Var<double>>> Unroll(IReadOnlyList<Var<double>> xs, int hidden, string? name = null);

    /// <summary>Hand-chosen weights for features 2 and hidden 2 under <paramref name="scope"/>.</summary>
    protected abstract Params<double> Weights(string scope);

    /// <summary>The hidden states h1 and h2 of <see cref="X"/> under <see cref="Weights"/>, from a reference computation.</summary>
    protected abstract double[] Expected { get; }

    [Fact]
    public void Two_steps_by_hand_give_every_hidden_state()
    {
        var hs = Create(2, sequences: true).Predict(Weights($"{Name}_1"), X).OrThrow();
        Assert.Equal(new Shape(1, 2, 2), hs.Shape);
        Assert.All(hs.ToArray().Zip(Expected), e => Assert.Equal(e.Item2, e.Item1, 12));
    }

    [Fact]
    public void Without_sequences_the_layer_returns_the_last_hidden_state()
    {
        var h = Create(2).Predict(Weights($"{Name}_1"), X).OrThrow();
        Assert.Equal(new Shape(1, 2), h.Shape);
        Assert.Equal(Expected[2], h[0, 0], 12);
        Assert.Equal(Expected[3], h[0, 1], 12);
    }

    [Fact]
    public void Unroll_gives_the_same_states_from_a_list_of_steps()
    {
        var steps = new List<Var<double>> { Tensor.Create(new Shape(1, 2), 0.5, -1.0), Tensor.Create(new Shape(1, 2), 1.5, 0.25) };
        var hs = Diff.Run(Unroll(steps, 2, name: "enc"), Weights("enc_1")).OrThrow();
        Assert.Equal(2, hs.Count);
        Assert.All(new[] { hs[0].Value[0, 0], hs[0].Value[0, 1], hs[1].Value[0, 0], hs[1].Value[0, 1] }.Zip(Expected),
            e => Assert.Equal(e.Item2, e.Item1, 12));
    }

    [Theory]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 2, 3, 4, 5 })]
    public void An_input_that_is_not_a_sequence_is_a_shape_error_naming_the_layer(int[] dims)
    {
        var x = Tensor<double>.Zeros(new Shape(dims));
        var error = Create(2).Init(Key.Create(0), x).Match(_ => "", e => e.Message);
        Assert.Equal($"{Name}_1: {Name} needs input [batch, time, features], got {x.Shape}", error);
    }

    [Fact]
    public void A_sequence_of_no_steps_is_a_shape_error_naming_the_layer()
    {
        var error = Create(2).Init(Key.Create(0), Tensor<double>.Zeros(new Shape(2, 0, 3))).Match(_ => "", e => e.Message);
        Assert.Equal($"{Name}_1: {Name} needs at least one time step, got input [2, 0, 3]", error);
    }

    [Fact]
    public void Unroll_needs_at_least_one_step_of_batch_by_features()
    {
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Unroll(new List<Var<double>>(), 2)).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Unroll([Tensor<double>.Zeros(new Shape(1, 2, 2))], 2)).ParamName);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Unroll([Tensor<double>.Zeros(new Shape(2))], 2)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_hidden_size_that_is_not_positive_is_rejected(int hidden)
    {
        Assert.Equal("hidden", Assert.Throws<ArgumentOutOfRangeException>(() => Create(hidden)).ParamName);
        Assert.Equal("hidden", Assert.Throws<ArgumentOutOfRangeException>(() => Unroll([Tensor<double>.Zeros(new Shape(1, 2))], hidden)).ParamName);
    }

    /// <summary>Asserts the rows of <paramref name="w"/> [rows, cols] are orthonormal (an orthogonal recurrent weight).</summary>
    protected static void AssertOrthonormalRows(Tensor<double> w)
    {
        for (var i = 0; i < w.Shape[0]; i++)
            for (var j = 0; j < w.Shape[0]; j++)
                Assert.Equal(i == j ? 1.0 : 0.0, Enumerable.Range(0, w.Shape[1]).Sum(k => w[i, k] * w[j, k]), 12);
    }
}
