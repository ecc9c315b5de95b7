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
}
