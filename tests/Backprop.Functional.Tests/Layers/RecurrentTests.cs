using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class RecurrentTests
{
    private static Arbitrary<(Tensor<double> X, int Hidden, Key Key)> Sequences() => Arb.From(
        from b in Gen.Choose(1, 2)
        from t in Gen.Choose(1, 4)
        from f in Gen.Choose(1, 3)
        from hidden in Gen.Choose(1, 3)
        from x in Generators.Normal(new Shape(b, t, f))
        from key in Generators.Key()
        select (x, hidden, key));

    [Property(MaxTest = 40)]

    [ChecksGradientOf(typeof(Functional.Layers.Lstm))]
    public Property Lstm_gradients_through_time_match_finite_differences() =>
        Prop.ForAll(Sequences(), c => GradCheck.Layer($"lstm {c.X.Shape} → {c.Hidden}", Lstm.Create<double>(c.Hidden), c.X, c.Key).ToProperty());

    [Property(MaxTest = 40)]
    public Property Lstm_sequence_output_gradients_match_finite_differences() =>
        Prop.ForAll(Sequences(), c => GradCheck.Layer($"lstm sequences {c.X.Shape} → {c.Hidden}", Lstm.Create<double>(c.Hidden, sequences: true), c.X, c.Key).ToProperty());

    [Property(MaxTest = 40)]

    [ChecksGradientOf(typeof(Functional.Layers.Gru))]
    public Property Gru_gradients_through_time_match_finite_differences() =>
        Prop.ForAll(Sequences(), c => GradCheck.Layer($"gru {c.X.Shape} → {c.Hidden}", Gru.Create<double>(c.Hidden, sequences: true), c.X, c.Key).ToProperty());

    [Fact]
    public void The_last_step_of_the_sequence_output_is_the_final_hidden_state()
    {
        var x = Key.Create(1).Normal<double>(new Shape(2, 5, 3));
        foreach (var (last, all) in new[] { (Lstm.Create<double>(4), Lstm.Create<double>(4, sequences: true)), (Gru.Create<double>(4), Gru.Create<double>(4, sequences: true)) })
        {
            var p = last.Init(Key.Create(2), x).OrThrow();
            var h = last.Predict(p, x).OrThrow();
            var hs = all.Predict(p, x).OrThrow();
            Assert.Equal(new Shape(2, 5, 4), hs.Shape);
            Assert.Equal(h.ToArray(), Rule.Slice(hs, 4, 1).Value.ToArray());
        }
    }

    [Fact]
    public void Unrolling_a_list_of_steps_equals_the_layer_on_the_stacked_tensor()
    {
        var x = Key.Create(3).Normal<double>(new Shape(2, 3, 2));
        var p = Lstm.Create<double>(3).Init(Key.Create(4), x).OrThrow();
        var steps = Enumerable.Range(0, 3).Select(t => (Var<double>)Rule.Slice(x, t, 1).Value.Reshape(new Shape(2, 2))).ToList();
        var hs = Diff.Run(Lstm.Unroll(steps, 3), p).OrThrow();
        Assert.Equal(Lstm.Create<double>(3).Predict(p, x).OrThrow().ToArray(), hs[^1].Value.ToArray());
    }

    [Fact]
    public void One_lstm_step_by_hand()
    {
        // features 1, hidden 1, weights wx = [1, 2, 3, 4], wh = 0, b = 0, x = 0.5:
        // z = (0.5, 1, 1.5, 2); c = σ(0.5)·tanh(1.5); h = σ(2)·tanh(c).
        var p = Params<double>.Empty.With("lstm_1/wx", Tensor.Create(new Shape(1, 4), 1.0, 2, 3, 4))
            .With("lstm_1/wh", Tensor<double>.Zeros(new Shape(1, 4))).With("lstm_1/b", Tensor<double>.Zeros(new Shape(4)));
        static double Sigma(double v) => 1 / (1 + Math.Exp(-v));
        var c = Sigma(0.5) * Math.Tanh(1.5);
        var h = Lstm.Create<double>(1).Predict(p, Tensor.Create(new Shape(1, 1, 1), 0.5)).OrThrow();
        Assert.Equal(Sigma(2) * Math.Tanh(c), h[0, 0], 12);
    }

    [Fact]
    public void Splitting_a_sequence_of_no_steps_into_steps_is_a_shape_error()
    {
        var e = Assert.Throws<ShapeException>(() => Sequence.Unstack<double>(Tensor<double>.Zeros(new Shape(2, 0, 3))));
        Assert.Equal("a sequence needs at least one time step, got [2, 0, 3]", e.Message);
    }
}
