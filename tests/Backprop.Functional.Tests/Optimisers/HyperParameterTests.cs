using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>Every hyper-parameter check rejects what it exists to reject, naming the transform, the parameter and the value; defaults are the documented ones.</summary>
public class HyperParameterTests
{
    public static TheoryData<string, Func<object>> Rejected() => new()
    {
        { "scale: factor must be finite, got NaN", () => Transforms.Scale(double.NaN) },
        { "clip by value: max must be positive and finite, got 0", () => Transforms.ClipByValue(0.0) },
        { "clip by global norm: maxNorm must be positive and finite, got -1", () => Transforms.ClipByGlobalNorm(-1.0) },
        { "L2 penalty: lambda must be zero or positive and finite, got -0.1", () => Transforms.L2Penalty(-0.1) },
        { "L2 penalty: lambda must be zero or positive and finite, got Infinity", () => Transforms.L2Penalty(double.PositiveInfinity) },
        { "L1 penalty: lambda must be zero or positive and finite, got -0.1", () => Transforms.L1Penalty(-0.1) },
        { "L1 penalty: lambda must be zero or positive and finite, got NaN", () => Transforms.L1Penalty(double.NaN) },
        { "momentum: decay must be in [0, 1), got 1", () => Transforms.Trace(1.0) },
        { "nesterov: decay must be in [0, 1), got -0.5", () => Transforms.Trace(-0.5, nesterov: true) },
        { "momentum: learningRate must be positive and finite, got 0", () => Optimiser.Momentum(0.0, 0.9) },
        { "nesterov: learningRate must be positive and finite, got -1", () => Optimiser.Nesterov(-1.0, 0.9) },
        { "adagrad: initialAccumulator must be zero or positive and finite, got -1", () => Optimiser.AdaGrad(0.1, -1.0) },
        { "adagrad: epsilon must be zero or positive and finite, got -1", () => Optimiser.AdaGrad(0.1, epsilon: -1.0) },
        { "adagrad: learningRate must be positive and finite, got 0", () => Optimiser.AdaGrad(0.0) },
        { "rmsprop: decay must be in [0, 1), got 1", () => Optimiser.RmsProp(0.1, 1.0) },
        { "rmsprop: epsilon must be zero or positive and finite, got -1", () => Optimiser.RmsProp(0.1, epsilon: -1.0) },
        { "rmsprop: learningRate must be positive and finite, got NaN", () => Optimiser.RmsProp(double.NaN) },
        { "adam: b1 must be in [0, 1), got 1", () => Optimiser.Adam(0.1, b1: 1.0) },
        { "adam: b2 must be in [0, 1), got -0.1", () => Optimiser.Adam(0.1, b2: -0.1) },
        { "adam: epsilon must be zero or positive and finite, got -1", () => Optimiser.Adam(0.1, epsilon: -1.0) },
        { "adamw: weightDecay must be zero or positive and finite, got -0.01", () => Optimiser.AdamW(0.1, -0.01) },
        { "adamw: learningRate must be positive and finite, got 0", () => Optimiser.AdamW(0.0, 0.01) },
        { "sgd: learning rate at step 0 must be positive and finite, got 0", () => Optimiser.Sgd<double>(_ => 0.0) },
        { "adam: learning rate at step 0 must be positive and finite, got -1", () => Optimiser.Adam<double>(_ => -1.0) },
        { "plateau: factor must be in (0, 1), got 0", () => Transforms.ScaleOnPlateau(0.0, 3) },
        { "plateau: patience must be positive, got 0", () => Transforms.ScaleOnPlateau(0.5, 0) },
        { "plateau: minDelta must be zero or positive and finite, got -1", () => Transforms.ScaleOnPlateau(0.5, 3, -1.0) },
        { "noise: eta must be zero or positive and finite, got -1", () => Transforms.AddNoise(-1.0, 0.55) },
        { "noise: gamma must be zero or positive and finite, got NaN", () => Transforms.AddNoise(0.01, double.NaN) },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void A_bad_hyper_parameter_is_refused_when_built(string message, Func<object> build) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentOutOfRangeException>(build).Message);

    [Fact]
    public void Zero_penalties_and_zero_decay_are_allowed()
    {
        Assert.NotNull(Transforms.L2Penalty(0.0));
        Assert.NotNull(Transforms.L1Penalty(0.0));
        Assert.NotNull(Transforms.Trace(0.0));
        Assert.NotNull(Optimiser.Adam(0.1, 0.0, 0.0, 0.0));
    }

    private static double FirstUpdate(Transform<double> opt, double g)
    {
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0));
        return opt.Update(Params<double>.Empty.With("w", Tensor.Vector(g)), opt.Init(p), p, ExtraArgs<double>.None).Updates["w"][0];
    }

    [Fact]
    public void AdaGrad_starts_its_sum_at_0_1_with_epsilon_1e_7()
    {
        // ν = 0.1 + g², u = −η·g / (√ν + ε).
        Assert.Equal(-0.1 * 1e-3 / (Math.Sqrt(0.1 + 1e-6) + 1e-7), FirstUpdate(Optimiser.AdaGrad(0.1), 1e-3), 1e-18);
    }

    [Fact]
    public void RmsProp_decays_by_0_9_with_epsilon_1e_8()
    {
        // ν = 0.1·g², u = −η·g / (√ν + ε): with g = 10⁻⁴, √ν ≈ 3.2·10⁻⁵, so ε shows in the fourth digit.
        Assert.Equal(-0.01 * 1e-4 / (Math.Sqrt(0.1 * 1e-8) + 1e-8), FirstUpdate(Optimiser.RmsProp(0.01), 1e-4), 1e-16);
    }

    [Fact]
    public void Adam_defaults_are_0_9_0_999_and_1e_8()
    {
        // Two steps with g = 1 then g = 10⁻⁶ show β₁, β₂ and ε.
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0));
        var opt = Transforms.ScaleByAdam<double>();
        var (_, s) = opt.Update(Params<double>.Empty.With("w", Tensor.Vector(1.0)), opt.Init(p), p, ExtraArgs<double>.None);
        var (u, _) = opt.Update(Params<double>.Empty.With("w", Tensor.Vector(1e-6)), s, p, ExtraArgs<double>.None);
        double mu = 0.9 * 0.1 + 0.1 * 1e-6, nu = 0.999 * 0.001 + 0.001 * 1e-12;
        Assert.Equal(mu / (1 - 0.81) / (Math.Sqrt(nu / (1 - 0.999 * 0.999)) + 1e-8), u["w"][0], 1e-12);
    }
}
