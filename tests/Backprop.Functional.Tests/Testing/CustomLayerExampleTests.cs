using System.Numerics;
using System.Text.RegularExpressions;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Layers;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace CustomLayers
{
// The example of the README's "Property-testing your own layer", verbatim: DocIsInSync checks the doc's code block equals it.
// DOC-BEGIN
public class CustomLayerExample
{
    /// <summary>Swish: y = x·σ(x). ∂L/∂x = dy·(σ + x·σ·(1 − σ)).</summary>
    public static Pulled<Tensor<T>, Tensor<T>> Swish<T>(Tensor<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var s = Rule.Sigmoid(x).Value;
        Tensor<T> SwishPullback(Tensor<T> dy) => dy * (s + x * s * (Tensor<T>.Ones(x.Shape) - s));
        return new(x * s, SwishPullback);
    }

    /// <summary>A gate: y = x ⊙ swish(x·W). Parameters: "w" [features, features].</summary>
    public static Layer<T> Gate<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => x => Diff.Scope("gate",
        from w in Diff.Param("w", new Shape(x.Shape[-1], x.Shape[-1]), Initialisers.GlorotUniform<T>())
        from h in Ops.MatMul(x, w)
        from g in Diff.Lift(Swish, h)
        from y in Ops.Multiply(x, g)
        select y);

    [Property] public Property Swish_pullback_is_right() => GradCheck.Rule("swish", Swish, maxShape: new Shape(4, 5));

    [Property] public Property Gate_gradients_are_right() => GradCheck.Layer("gate", Gate<double>(), inputShape: new Shape(4, 3));
}
// DOC-END
}

namespace Backprop.Functional.Tests.Testing
{
using CustomLayers;

public class CustomLayerExampleTests
{
    [Fact]
    public void The_doc_shows_exactly_the_tested_code()
    {
        var root = Backprop.Notebooks.RepositoryRoot.Find(AppContext.BaseDirectory).OrThrow();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var doc = readme[readme.IndexOf("## Property-testing your own layer", StringComparison.Ordinal)..];
        var source = File.ReadAllText(Path.Combine(root, "tests", "Backprop.Functional.Tests", "Testing", "CustomLayerExampleTests.cs"));
        var block = Regex.Match(doc, @"```csharp\n(.*?)```", RegexOptions.Singleline);
        var region = Regex.Match(source, @"// DOC-BEGIN\n(.*?)// DOC-END", RegexOptions.Singleline);
        Assert.True(block.Success && region.Success, "the doc's ```csharp block or the DOC-BEGIN/DOC-END region is missing");
        Assert.Equal(Normalise(region.Groups[1].Value), Normalise(block.Groups[1].Value));
    }

    [Fact]
    public void A_wrong_swish_is_caught()
    {
        static Pulled<Tensor<double>, Tensor<double>> WrongSwish(Tensor<double> x) =>
            CustomLayerExample.Swish(x) with { Pullback = dy => dy * Functional.Rules.Rule.Sigmoid(x).Value };   // forgot the product rule
        Assert.False(GradCheck.Rule("swish", WrongSwish, Key.Create(1).Normal<double>(new Shape(2, 3)), Key.Create(2)).Passed);
    }

    private static string Normalise(string code) => Regex.Replace(code.Replace("\r", ""), @"\s+", " ").Trim();

}
}
