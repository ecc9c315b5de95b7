using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class NormalisationTests
{
    [Property]
    [ChecksGradientOf(typeof(Functional.Layers.BatchNorm))]
    public Property Batch_norm_gradients_in_training_match_finite_differences_on_features() =>
        Prop.ForAll(Cases.Normals(2, minDim: 2), c =>
            GradCheck.Layer("dense-batch-norm", Dense.Create<double>(3).Then(BatchNorm.Create<double>()), c.X, c.Key).ToProperty());

    [Property(MaxTest = 40)]
    public Property Batch_norm_gradients_in_training_match_finite_differences_on_images() =>
        Prop.ForAll(Cases.Normals(4, minDim: 2, maxDim: 3), c =>
            GradCheck.Layer($"conv-batch-norm {c.X.Shape}", Conv2d.Create<double>(2, 1).Then(BatchNorm.Create<double>()).Then(Ops.Tanh<double>),
                c.X, c.Key).ToProperty());

    [Property]

    [ChecksGradientOf(typeof(Functional.Layers.LayerNorm))]
    public Property Layer_norm_gradients_match_finite_differences() =>
        Prop.ForAll(Cases.Normals(3, minDim: 2), c =>
            GradCheck.Layer("layer-norm-tanh", LayerNorm.Create<double>().Then(Ops.Tanh<double>), c.X, c.Key).ToProperty());

    private static readonly Tensor<double> Batch = Tensor.Create(new Shape(4, 2), 1.0, 10, 2, 20, 3, 30, 6, 40);

    [Fact]
    public void Init_returns_the_initial_state_and_training_returns_an_updated_one_without_changing_the_given_state()
    {
        var bn = BatchNorm.Create<double>(momentum: 0.5);
        var (p, s0) = Diff.InitWithState(bn(Batch), Key.Create(0)).OrThrow();
        Assert.Equal([0.0, 0], s0["batch_norm_1/running_mean"].ToArray());
        Assert.Equal([1.0, 1], s0["batch_norm_1/running_var"].ToArray());
        var before = s0.ToDictionary(e => e.Key, e => e.Value.ToArray());

        var step = Diff.ValueAndGrad(from y in bn(Batch) from l in Ops.Sum(y) select l, p, state: s0).OrThrow();

        // Feature 0: {1, 2, 3, 6}, mean 3, unbiased variance (4 + 1 + 0 + 9)/3 = 14/3; feature 1: {10, 20, 30, 40},
        // mean 25, unbiased variance (225 + 25 + 25 + 225)/3 = 500/3. Momentum 0.5 moves halfway from (0, 1).
        Assert.Equal([1.5, 12.5], step.State["batch_norm_1/running_mean"].ToArray());
        Assert.Equal(0.5 + 7.0 / 3, step.State["batch_norm_1/running_var"][0], 12);
        Assert.Equal(0.5 + 250.0 / 3, step.State["batch_norm_1/running_var"][1], 12);
        Assert.All(before, e => Assert.Equal(e.Value, s0[e.Key].ToArray()));
    }

    [Fact]
    public void Evaluation_uses_the_running_statistics_not_the_batch()
    {
        var bn = BatchNorm.Create<double>(epsilon: 1e-5);
        var p = Params<double>.Empty.With("batch_norm_1/gamma", Tensor.Vector(2.0, 1)).With("batch_norm_1/beta", Tensor.Vector(0.5, 0));
        var state = Params<double>.Empty.With("batch_norm_1/running_mean", Tensor.Vector(1.0, -1))
                                         .With("batch_norm_1/running_var", Tensor.Vector(4.0, 1));
        var x = Tensor.Create(new Shape(1, 2), 3.0, 0);      // one example: batch statistics would not even exist
        var y = bn.Predict(p, x, state).OrThrow();
        // y0 = 2·(3 − 1)/√(4 + 1e−5) + 0.5; y1 = 1·(0 + 1)/√(1 + 1e−5) + 0.
        Assert.Equal(2 * 2 / Math.Sqrt(4 + 1e-5) + 0.5, y[0, 0], 12);
        Assert.Equal(1 / Math.Sqrt(1 + 1e-5), y[0, 1], 12);
        var evalState = Diff.Run(from v in bn(x) select v, p, training: false, state: state);
        Assert.True(evalState.IsSucc);
    }

    [Fact]
    public void Evaluation_without_state_is_an_error_naming_the_layer()
    {
        var p = BatchNorm.Create<double>().Init(Key.Create(0), Batch).OrThrow();
        var error = BatchNorm.Create<double>().Predict(p, Batch).Match(_ => "", e => e.Message);
        Assert.StartsWith("batch_norm_1: no parameter 'batch_norm_1/running_mean'", error);
    }

    [Fact]
    public void Training_on_one_example_per_feature_is_an_error()
    {
        var error = BatchNorm.Create<double>().Init(Key.Create(0), Tensor<double>.Ones(new Shape(1, 3))).Match(_ => "", e => e.Message);
        Assert.Equal("batch_norm_1: batch norm needs more than one value per feature in training, got [1, 3]", error);
    }

    [Fact]
    public void Batch_norm_of_images_normalises_each_channel_over_batch_and_pixels()
    {
        var x = Key.Create(4).Normal<double>(new Shape(3, 2, 4, 4)) * 5.0;
        var p = BatchNorm.Create<double>().Init(Key.Create(0), x).OrThrow();
        var y = Diff.Run(BatchNorm.Create<double>()(x), p, training: true).OrThrow().Value;
        for (var c = 0; c < 2; c++)
        {
            var values = Enumerable.Range(0, 3).SelectMany(b => Enumerable.Range(0, 16).Select(i => y[b, c, i / 4, i % 4])).ToArray();
            Assert.Equal(0.0, values.Average(), 10);
            Assert.Equal(1.0, values.Select(v => v * v).Average(), 4);     // variance 1 up to ε
        }
    }

    [Fact]
    public void Bad_hyper_parameters_are_rejected_naming_the_layer()
    {
        Assert.Contains("bn: momentum must be in [0, 1], got 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNorm.Create<double>(1.5, name: "bn")).Message);
        Assert.Contains("ln: epsilon must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => LayerNorm.Create<double>(0, name: "ln")).Message);
    }

    /// <summary>A running state before the step: mean (1, −2), variance (2, 3).</summary>
    private static readonly Params<double> GivenState = Params<double>.Empty
        .With("batch_norm_1/running_mean", Tensor.Vector(1.0, -2)).With("batch_norm_1/running_var", Tensor.Vector(2.0, 3));

    /// <summary>The layer state after one training step on <c>Batch</c> with <paramref name="momentum"/>, from <paramref name="state"/> (none: the initial one).</summary>
    private static Params<double> StateAfterStep(double momentum, Params<double>? state)
    {
        var bn = BatchNorm.Create<double>(momentum: momentum);
        var p = bn.Init(Key.Create(0), Batch).OrThrow();
        return Diff.ValueAndGrad(from y in bn(Batch) from l in Ops.Sum(y) select l, p, state: state).OrThrow().State;
    }

    [Fact]
    public void A_training_step_moves_a_given_running_state_by_the_momentum_formula()
    {
        // From running mean (1, −2) and variance (2, 3), momentum 0.25, batch as above (means 3 and 25, unbiased
        // variances 14/3 and 500/3): mean 0.75·(1, −2) + 0.25·(3, 25) = (1.5, 4.75);
        // variance 0.75·(2, 3) + 0.25·(14/3, 500/3) = (1.5 + 7/6, 2.25 + 125/3).
        var state = StateAfterStep(0.25, GivenState);
        Assert.Equal(1.5, state["batch_norm_1/running_mean"][0], 12);
        Assert.Equal(4.75, state["batch_norm_1/running_mean"][1], 12);
        Assert.Equal(1.5 + 7.0 / 6, state["batch_norm_1/running_var"][0], 12);
        Assert.Equal(2.25 + 125.0 / 3, state["batch_norm_1/running_var"][1], 12);
    }

    [Fact]
    public void A_training_step_given_no_state_starts_from_mean_zero_and_variance_one()
    {
        // Momentum 0.1 from (0, 1): mean 0.1·(3, 25) = (0.3, 2.5); variance 0.9 + 0.1·(14/3, 500/3).
        var state = StateAfterStep(0.1, null);
        Assert.Equal(0.3, state["batch_norm_1/running_mean"][0], 12);
        Assert.Equal(2.5, state["batch_norm_1/running_mean"][1], 12);
        Assert.Equal(0.9 + 1.4 / 3, state["batch_norm_1/running_var"][0], 12);
        Assert.Equal(0.9 + 50.0 / 3, state["batch_norm_1/running_var"][1], 12);
    }

    [Fact]
    public void Momentum_one_replaces_the_running_statistics_and_momentum_zero_keeps_them()
    {
        var replaced = StateAfterStep(1, GivenState);
        Assert.Equal([3.0, 25], replaced["batch_norm_1/running_mean"].ToArray());
        Assert.Equal(14.0 / 3, replaced["batch_norm_1/running_var"][0], 12);
        Assert.Equal(500.0 / 3, replaced["batch_norm_1/running_var"][1], 12);
        var kept = StateAfterStep(0, GivenState);
        Assert.Equal([1.0, -2], kept["batch_norm_1/running_mean"].ToArray());
        Assert.Equal([2.0, 3], kept["batch_norm_1/running_var"].ToArray());
    }

    [Fact]
    public void Training_standardises_with_the_batch_statistics_and_applies_gamma_and_beta()
    {
        // Feature 0 {1, 2, 3, 6}: mean 3, biased variance 14/4 = 3.5; γ = 2, β = 0.5, ε = 0.5:
        // y = 2·(x − 3)/√4 + 0.5 = x − 2.5.
        var bn = BatchNorm.Create<double>(epsilon: 0.5);
        var p = Params<double>.Empty.With("batch_norm_1/gamma", Tensor.Vector(2.0, 1)).With("batch_norm_1/beta", Tensor.Vector(0.5, 0));
        var y = Diff.Run(bn(Batch), p, training: true).OrThrow().Value;
        Assert.Equal([-1.5, -0.5, 0.5, 3.5], Enumerable.Range(0, 4).Select(b => Math.Round(y[b, 0], 12)).ToArray());
    }

    [Fact]
    public void Batch_norm_parameters_are_gamma_ones_and_beta_zeros_per_feature()
    {
        var (p, s) = Diff.InitWithState(BatchNorm.Create<double>()(Tensor<double>.Ones(new Shape(2, 3, 2, 2)) + Key.Create(1).Normal<double>(new Shape(2, 3, 2, 2))), Key.Create(0)).OrThrow();
        Assert.Equal(["batch_norm_1/beta", "batch_norm_1/gamma"], p.Paths.Order());
        Assert.Equal([0.0, 0, 0], p["batch_norm_1/beta"].ToArray());
        Assert.Equal([1.0, 1, 1], p["batch_norm_1/gamma"].ToArray());
        Assert.Equal(["batch_norm_1/running_mean", "batch_norm_1/running_var"], s.Paths.Order());
    }

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 4, 2, 3 })]
    [InlineData(new[] { 4, 0 })]
    [InlineData(new[] { 2, 0, 2, 2 })]
    public void Batch_norm_of_an_input_that_is_not_features_or_images_is_a_shape_error(int[] dims)
    {
        var x = Tensor<double>.Ones(new Shape(dims));
        var error = BatchNorm.Create<double>().Init(Key.Create(0), x).Match(_ => "", e => e.Message);
        Assert.Equal($"batch_norm_1: batch norm needs input [batch, features] or [batch, channels, h, w] with at least one feature, got {x.Shape}", error);
    }

    [Fact]
    public void Batch_norm_rejects_a_momentum_below_zero_and_an_epsilon_not_positive_and_accepts_the_ends()
    {
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNorm.Create<double>(-0.1)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNorm.Create<double>(epsilon: 0)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => BatchNorm.Create<double>(epsilon: -1e-5)).ParamName);
        Assert.True(BatchNorm.Create<double>(0).Init(Key.Create(0), Batch).IsSucc);
        Assert.True(BatchNorm.Create<double>(1).Init(Key.Create(0), Batch).IsSucc);
    }

    [Fact]
    public void Layer_norm_standardises_each_example_over_its_last_axis()
    {
        // ε = 0.5, γ = (1, 2, −1), β = (0, 1, 0.5). Row (1, 2, 6): mean 3, biased variance 14/3;
        // row (0, 0, 3): mean 1, variance 2. y = γ·(x − μ)/√(σ² + ε) + β.
        var p = Params<double>.Empty.With("layer_norm_1/gamma", Tensor.Vector(1.0, 2, -1)).With("layer_norm_1/beta", Tensor.Vector(0.0, 1, 0.5));
        var y = LayerNorm.Create<double>(epsilon: 0.5).Predict(p, Tensor.Create(new Shape(2, 3), 1.0, 2, 6, 0, 0, 3)).OrThrow();
        double s0 = Math.Sqrt(14.0 / 3 + 0.5), s1 = Math.Sqrt(2.5);
        double[] expected = [-2 / s0, 2 * -1 / s0 + 1, -3 / s0 + 0.5, -1 / s1, 2 * -1 / s1 + 1, -2 / s1 + 0.5];
        Assert.All(y.ToArray().Zip(expected), e => Assert.Equal(e.Item2, e.Item1, 12));
    }

    [Fact]
    public void Layer_norm_parameters_follow_the_last_axis_and_a_vector_is_one_example()
    {
        var p = LayerNorm.Create<double>().Init(Key.Create(0), Tensor<double>.Zeros(new Shape(2, 4, 3))).OrThrow();
        Assert.Equal(["layer_norm_1/beta", "layer_norm_1/gamma"], p.Paths.Order());
        Assert.Equal([1.0, 1, 1], p["layer_norm_1/gamma"].ToArray());
        Assert.Equal([0.0, 0, 0], p["layer_norm_1/beta"].ToArray());
        // A vector (1, 3): mean 2, variance 1, ε = 1e−5.
        var y = LayerNorm.Create<double>().Predict(LayerNorm.Create<double>().Init(Key.Create(0), Tensor.Vector(1.0, 3)).OrThrow(), Tensor.Vector(1.0, 3)).OrThrow();
        Assert.Equal(-1 / Math.Sqrt(1 + 1e-5), y[0], 12);
        Assert.Equal(1 / Math.Sqrt(1 + 1e-5), y[1], 12);
    }

    [Fact]
    public void Layer_norm_of_a_scalar_is_a_shape_error_and_epsilon_must_be_positive()
    {
        var error = LayerNorm.Create<double>().Init(Key.Create(0), Tensor<double>.Ones(Shape.Scalar)).Match(_ => "", e => e.Message);
        Assert.Equal("layer_norm_1: layer norm needs input [..., features], got a scalar", error);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => LayerNorm.Create<double>(-1)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => LayerNorm.Create<double>(0)).ParamName);
    }
}
