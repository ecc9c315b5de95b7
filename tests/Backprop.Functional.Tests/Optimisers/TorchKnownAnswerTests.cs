using System.Text.Json;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Xunit;

namespace Backprop.Functional.Tests.Optimisers;

/// <summary>
/// Every optimiser against PyTorch's, step for step: five steps on θ₀ = (1, −2, 0.5) with g(θ) = a⊙θ + b.
/// The numbers are data made by Fixtures/torch_optimisers.py (PyTorch 1.13, double); the mapping below says which of
/// ours each torch optimiser is.
/// </summary>
public class TorchKnownAnswerTests
{
    private static readonly Tensor<double> A = Tensor.Vector(0.5, 2.0, 1.0), B = Tensor.Vector(0.3, -0.1, 0.2);

    private static readonly Dictionary<string, double[][]> Torch = Load();

    private static Dictionary<string, double[][]> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Optimisers", "Fixtures", "torch_optimisers.json")));
        return json.RootElement.GetProperty("steps").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray());
    }

    public static TheoryData<string> Cases() => ["sgd", "sgd_l2", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adam_l2", "adamw"];

    private static Transform<double> Ours(string name) => name switch
    {
        "sgd" => Optimiser.Sgd(0.1),                                            // torch SGD(lr=0.1)
        "sgd_l2" => Transforms.L2Penalty(0.05).Then(Optimiser.Sgd(0.1)),         // SGD(weight_decay=0.05): g + λθ
        "momentum" => Optimiser.Momentum(0.1, 0.9),                             // SGD(momentum=0.9)
        "nesterov" => Optimiser.Nesterov(0.1, 0.9),                             // SGD(momentum=0.9, nesterov=True)
        "adagrad" => Optimiser.AdaGrad(0.1, 0.1, 1e-7),                         // Adagrad(initial_accumulator_value=0.1, eps=1e-7)
        "rmsprop" => Optimiser.RmsProp(0.01, 0.9, 1e-8),                        // RMSprop(alpha=0.9, eps=1e-8)
        "adam" => Optimiser.Adam(0.1),                                          // Adam(betas=(0.9, 0.999), eps=1e-8)
        "adam_l2" => Transforms.L2Penalty(0.05).Then(Optimiser.Adam(0.1)),       // Adam(weight_decay=0.05): coupled L2
        "adamw" => Optimiser.AdamW(0.1, 0.1),                                   // AdamW(weight_decay=0.1): decoupled
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Five_steps_equal_pytorchs(string name)
    {
        var opt = Ours(name);
        var p = Params<double>.Empty.With("w", Tensor.Vector(1.0, -2.0, 0.5));
        var s = opt.Init(p);
        foreach (var expected in Torch[name])
        {
            (p, s) = opt.Step(p, Params<double>.Empty.With("w", A * p["w"] + B), s);
            var actual = p["w"].ToArray();
            for (var i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void Nesterov_and_momentum_differ_from_the_first_step()
    {
        // m₁ = g₁; momentum steps by η·m₁, Nesterov by η·(g₁ + β·m₁): the first steps of the fixture differ by a factor 1.9.
        var (m, n) = (Torch["momentum"][0][0] - 1.0, Torch["nesterov"][0][0] - 1.0);
        Assert.Equal(1.9, n / m, 12);
    }
}
