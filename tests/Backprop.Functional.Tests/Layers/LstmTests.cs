using System.Collections.Immutable;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class LstmTests : RecurrentLayerTests
{
    protected override string Name => "lstm";

    protected override Layer<double> Create(int hidden, bool sequences = false) => Lstm.Create<double>(hidden, sequences: sequences);

    protected override Diff<double, ImmutableList<Var<double>>> Unroll(IReadOnlyList<Var<double>> xs, int hidden, string? name = null) =>
        name is null ? Lstm.Unroll(xs, hidden) : Lstm.Unroll(xs, hidden, name);

    // Weights chosen by hand (all but one non-zero), so every gate matters and the second step sees non-zero h and c.
    protected override Params<double> Weights(string scope) => Params<double>.Empty
        .With($"{scope}/wx", Tensor.Create(new Shape(2, 8), 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.2, -0.3, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.4, 0.1))
        .With($"{scope}/wh", Tensor.Create(new Shape(2, 8), 0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.2, 0.3, -0.1, 0.25, 0.35, -0.3, 0.15, 0.45, 0.1, -0.4))
        .With($"{scope}/b", Tensor.Vector(0.1, -0.2, 0.3, 0.05, -0.1, 0.25, 0.2, -0.1));

    // Computed in plain double-precision Python from the PyTorch LSTM equations (gates i, f, g, o; h0 = c0 = 0):
    // z = x·wx + h·wh + b, c = σ(z_f)·c + σ(z_i)·tanh(z_g), h = σ(z_o)·tanh(c).
    protected override double[] Expected => [0.013337654439955918, -0.03563401403023591, 0.21256293175545965, -0.088063523704158056];

    [Fact]
    public void The_parameters_have_the_documented_names_shapes_and_initial_values()
    {
        var p = Lstm.Create<double>(3).Init(Key.Create(1), Tensor<double>.Zeros(new Shape(2, 4, 5))).OrThrow();
        Assert.Equal(["lstm_1/b", "lstm_1/wh", "lstm_1/wx"], p.Paths.Order());
        Assert.Equal(new Shape(5, 12), p["lstm_1/wx"].Shape);
        Assert.Equal(new Shape(3, 12), p["lstm_1/wh"].Shape);
        Assert.Equal(new Shape(12), p["lstm_1/b"].Shape);
        Assert.All(p["lstm_1/b"].ToArray(), v => Assert.Equal(0.0, v));
        AssertOrthonormalRows(p["lstm_1/wh"]);
        Assert.All(p["lstm_1/wx"].ToArray(), v => Assert.InRange(v, -Math.Sqrt(6.0 / 17), Math.Sqrt(6.0 / 17)));
    }
}
