using System.Reflection;
using Xunit;

namespace Backprop.Functional.Tests;

public class NnTests
{
    /// <summary>Each layer of <see cref="Nn{T}"/> and the Layers class of the same name, whose Create it forwards to.</summary>
    public static TheoryData<string> Layers() =>
        [.. typeof(Nn<double>).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Functional.Autodiff.Layer<double>) && LayerClass(m.Name) is not null)
            .Select(m => m.Name).Distinct()];

    private static Type? LayerClass(string name) => typeof(Functional.Layers.Dense).Assembly.GetType($"Backprop.Functional.Layers.{name}");

    [Theory]
    [MemberData(nameof(Layers))]
    public void Every_layer_takes_the_same_arguments_as_its_Create(string layer)
    {
        var create = LayerClass(layer)!.GetMethods().Single(m => m.Name == "Create").GetParameters().Select(p => p.Name).ToArray();
        var nn = typeof(Nn<double>).GetMethods().Where(m => m.Name == layer).Select(m => m.GetParameters().Select(p => p.Name).ToArray());
        Assert.Contains(nn, ps => ps.SequenceEqual(create));
    }
}
