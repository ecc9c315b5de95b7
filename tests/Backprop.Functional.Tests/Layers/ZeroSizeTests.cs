using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Backprop.Functional.Nn<double>;

namespace Backprop.Functional.Tests.Layers;

/// <summary>Every layer, given an input with a zero-size axis, gives a result or a shape error: never a hang or an exception.</summary>
public class ZeroSizeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Each layer with the rank of input it takes.</summary>
    private static readonly (string Name, int Rank, Layer<double> Layer)[] All =
    [
        ("dense", 2, Dense(3)), ("relu", 2, Relu), ("tanh", 3, Tanh), ("softmax", 2, Softmax), ("leaky_relu", 2, LeakyRelu(0.1)),
        ("conv2d", 4, Conv2d(2, 2)), ("max_pool2d", 4, MaxPool2d(2)), ("avg_pool2d", 4, AvgPool2d(2)), ("flatten", 3, Flatten),
        ("dropout", 2, Dropout(0.5)), ("batch_norm", 2, BatchNorm()), ("batch_norm 4d", 4, BatchNorm()), ("layer_norm", 2, LayerNorm()),
        ("lstm", 3, Lstm(2)), ("lstm sequences", 3, Lstm(2, sequences: true)), ("gru", 3, Gru(2)), ("gru sequences", 3, Gru(2, sequences: true)),
        ("embedding", 2, Embedding(5, 2)), ("bag_of_words", 2, BagOfWords(5, 2)), ("residual", 2, Residual(Tanh)),
    ];

    public sealed record Case(string Name, Layer<double> Layer, Shape Shape)
    {
        public override string ToString() => $"{Name} on {Shape}";
    }

    private static Arbitrary<Case> Cases() => Arb.From(
        from i in Gen.Choose(0, All.Length - 1)
        from shape in Generators.ShapeWithZero(All[i].Rank, 3)
        select new Case(All[i].Name, All[i].Layer, shape));

    [Property(MaxTest = 200)]
    public Property A_zero_size_axis_gives_a_result_or_a_shape_error() =>
        Prop.ForAll(Cases(), c =>
        {
            var run = Task.Run(() => Outcome(c));
            Assert.True(run.Wait(Limit), $"{c}: no answer in {Limit.TotalSeconds} s");
            Assert.Null(run.Result);
        });

    [Fact]
    public async Task An_lstm_over_no_time_steps_is_a_shape_error_naming_the_layer()
    {
        var result = await Task.Run(() => Lstm(4).Init(Key.Create(1), Tensor<double>.Zeros(new Shape(2, 0, 3)))).WaitAsync(Limit);
        Assert.Equal("lstm_1: lstm needs at least one time step, got input [2, 0, 3]", result.Match(_ => "", e => e.Message));
    }

    /// <summary>Null when the layer answered with a value or an error value; else what went wrong.</summary>
    private static string? Outcome(Case c)
    {
        var x = Tensor<double>.Zeros(c.Shape);
        var key = Key.Create(5);
        try
        {
            return c.Layer.Init(key, x).Match(
                p => Diff.ValueAndGrad(from y in c.Layer(x) from l in Sum(y) select l, p, key).Match(
                    r => r.Grads.All(g => g.Value.ToArray().All(double.IsFinite)) ? null : $"{c}: gradient not finite",
                    e => string.IsNullOrEmpty(e.Message) ? $"{c}: an error without a message" : null),
                e => string.IsNullOrEmpty(e.Message) ? $"{c}: an error without a message" : null);
        }
        catch (Exception e)
        {
            return $"{c}: threw {e.GetType().Name}: {e.Message}";
        }
    }
}
