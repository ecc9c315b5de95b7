using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class DropoutTests
{
    [Property]
    [ChecksGradientOf(typeof(Functional.Layers.Dropout))]
    public Property Gradients_with_a_fixed_key_match_finite_differences() =>
        Prop.ForAll(Cases.Normals(2), c =>
            GradCheck.Layer("dense-dropout", Dense.Create<double>(3).Then(Dropout.Create<double>(0.5)), c.X, c.Key).ToProperty());

    [Fact]
    public void Evaluation_mode_is_the_identity()
    {
        var x = Key.Create(3).Normal<double>(new Shape(4, 5));
        Assert.Same(x, Dropout.Create<double>(0.9).Predict(Params<double>.Empty, x).OrThrow());
    }

    [Fact]
    public void Rate_zero_is_the_identity_in_training_too_and_draws_no_key()
    {
        // No key is given: a rate-0 layer that drew a mask would fail the run for want of one.
        var x = Key.Create(3).Normal<double>(new Shape(4, 5));
        Assert.Same(x, Diff.Run(Dropout.Create<double>(0)(x), Params<double>.Empty, training: true).OrThrow().Value);
    }

    [Fact]
    public void Training_drops_about_rate_of_the_elements_and_scales_the_rest()
    {
        var x = Tensor<double>.Ones(new Shape(100, 100));
        var y = Diff.Run(Dropout.Create<double>(0.3)(x), Params<double>.Empty, Key.Create(7), training: true).OrThrow().Value;
        var kept = y.ToArray().Count(v => v != 0);
        Assert.InRange(kept, 6700, 7300);                       // 7000 expected, sd ≈ 46
        Assert.All(y.ToArray().Where(v => v != 0), v => Assert.Equal(1 / 0.7, v, 12));
    }

    [Fact]
    public void The_same_key_gives_the_same_mask_and_another_key_another()
    {
        var x = Tensor<double>.Ones(new Shape(10, 10));
        Tensor<double> Run(int seed) => Diff.Run(Dropout.Create<double>(0.5)(x), Params<double>.Empty, Key.Create(seed), training: true).OrThrow().Value;
        Assert.Equal(Run(1).ToArray(), Run(1).ToArray());
        Assert.NotEqual(Run(1).ToArray(), Run(2).ToArray());
    }

    [Fact]
    public void A_training_run_without_a_key_is_an_error_naming_the_layer_not_a_repeated_mask()
    {
        var x = Key.Create(3).Normal<double>(new Shape(4, 5));
        var net = Dense.Create<double>(3).Then(Dropout.Create<double>(0.5));
        var p = net.Init(Key.Create(1), x).OrThrow();
        var loss = from y in net(x) from l in Ops.Sum(y) select l;
        var e = Diff.ValueAndGrad(loss, p).Match(_ => "", e => e.Message);
        Assert.Equal("dropout_1 needs a key: pass one to ValueAndGrad", e);
        var run = Diff.Run(net(x), p, training: true).Match(_ => "", e => e.Message);
        Assert.Equal("dropout_1 needs a key: pass one to Run", run);
        Assert.True(Diff.Run(net(x), p).IsSucc);                // evaluation draws nothing, so needs no key
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_rate_outside_0_to_1_is_rejected_naming_the_layer_and_the_value(double rate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Create<double>(rate, name: "drop"));
        Assert.Contains($"drop: rate must be in [0, 1), got {rate}", e.Message);
    }
}
