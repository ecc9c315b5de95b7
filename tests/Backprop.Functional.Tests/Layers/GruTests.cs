using System.Collections.Immutable;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Layers;

public class GruTests : RecurrentLayerTests
{
    protected override string Name => "gru";

    protected override Layer<double> Create(int hidden, bool sequences = false) => Gru.Create<double>(hidden, sequences: sequences);

    protected override Diff<double, ImmutableList<Var<double>>> Unroll(IReadOnlyList<Var<double>> xs, int hidden, string? name = null) =>
        name is null ? Gru.Unroll(xs, hidden) : Gru.Unroll(xs, hidden, name);

    // Weights chosen by hand (all but one non-zero), so every gate and both biases matter and the second step sees a non-zero h.
    protected override Params<double> Weights(string scope) => Params<double>.Empty
        .With($"{scope}/wx", Tensor.Create(new Shape(2, 6), 0.1, -0.2, 0.3, -0.4, 0.5, -0.6, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15))
        .With($"{scope}/wh", Tensor.Create(new Shape(2, 6), 0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.1, 0.25, 0.35, -0.3, 0.15, 0.45))
        .With($"{scope}/bx", Tensor.Vector(0.1, -0.1, 0.2, -0.2, 0.3, -0.3))
        .With($"{scope}/bh", Tensor.Vector(-0.05, 0.15, 0.05, 0.1, -0.25, 0.2));

    // Computed in plain double-precision Python from the PyTorch GRU equations (r, z, n gates; h0 = 0):
    // a = x·wx + bx, u = h·wh + bh, r = σ(a_r + u_r), z = σ(a_z + u_z), n = tanh(a_n + r·u_n), h = (1 − z)·n + z·h.
    protected override double[] Expected => [0.12149627820063706, -0.33535165144460372, 0.32811153514998587, -0.63624095623885679];

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
        AssertOrthonormalRows(p["gru_1/wh"]);
        Assert.All(p["gru_1/wx"].ToArray(), v => Assert.InRange(v, -Math.Sqrt(6.0 / 14), Math.Sqrt(6.0 / 14)));
    }
}
