using System.Text.RegularExpressions;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Data;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;
using Backprop.Functional.Training;
using Backprop.Notebooks;
using Xunit;
using static Backprop.Functional.Nn<float>;

namespace Backprop.Functional.Tests;

/// <summary>The README's example is this code; a test checks the two are the same text, so it cannot rot.</summary>
[Collection("Console")]
public partial class ReadmeExampleTests
{
    [Fact]
    public void The_readme_example_trains_digits()
    {
        // README-BEGIN
        var keys = Key.Create(0).Split(3);                       // split, init, shuffles: never reuse a key
        var (train, test) = Datasets.Digits<float>().OrThrow().Split(keys[0], 0.8);
        var model = Dense(64, HeNormal).Then(Relu).Then(Dense(10));
        var initial = model.Init(keys[1], train.Features).OrThrow();
        var sgd = Optimiser.Sgd(0.1f);                          // θ′ = θ − 0.1·∇L; its state is empty
        var (trained, _) = keys[2].Split(20)                     // 20 epochs of shuffled mini-batches
            .SelectMany(epochKey => train.Batches(epochKey, 16))
            .Aggregate((Params: initial, State: sgd.Init(initial)), (s, batch) =>
            {
                var loss = from logits in model(batch.Features)
                           from l in SoftmaxCrossEntropy(logits, batch.Labels)
                           select l;
                return sgd.Step(s.Params, ValueAndGrad(loss, s.Params).OrThrow().Grads, s.State);
            });
        Console.WriteLine($"test accuracy: {Train.Accuracy(model, trained, test):P1}");
        // README-END
        Assert.True(Train.Accuracy(model, trained, test) >= 0.95);
    }

    [Fact]
    public void The_readme_shows_exactly_this_code()
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory).OrThrow();
        var source = File.ReadAllText(Path.Combine(root, "tests", "Backprop.Functional.Tests", "ReadmeExampleTests.cs"));
        var marked = source.Split("// README-BEGIN")[1].Split("// README-END")[0];
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = CSharpBlock().Match(readme).Groups[1].Value;
        var code = string.Join("\n", block.Split('\n').Where(l => !l.StartsWith("using ")));
        Assert.Equal(Normalise(marked), Normalise(code));
    }

    private static string Normalise(string code) =>
        string.Join("\n", code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
