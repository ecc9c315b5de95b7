using System.Reflection;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// Nothing new slips in unchecked: every public rule (a method of Rules) and every public layer (a
/// static class in Backprop.Functional.Layers with a method returning Layer&lt;T&gt;) must have a test
/// marked [ChecksGradientOf(...)] in this assembly.
/// </summary>
public class GradientRegistryTests
{
    private static readonly Assembly Library = typeof(Functional.Rules.Rule).Assembly;

    public static IEnumerable<string> PublicRules() =>
        typeof(Functional.Rules.Rule).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Distinct().Order();

    public static IEnumerable<string> PublicLayers() =>
        Library.GetExportedTypes()
            .Where(t => t.Namespace == "Backprop.Functional.Layers" && t.IsAbstract && t.IsSealed)
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Any(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Layer<>)))
            .Select(t => t.Name).Order();

    private static IEnumerable<ChecksGradientOfAttribute> Marks() =>
        typeof(GradientRegistryTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes<Xunit.FactAttribute>(inherit: true).Any())
            .SelectMany(m => m.GetCustomAttributes<ChecksGradientOfAttribute>());

    [Fact]
    public void Every_public_rule_has_a_gradient_property()
    {
        var marked = Marks().Where(a => !a.IsLayer).Select(a => a.Name).ToHashSet();
        var missing = PublicRules().Where(r => !marked.Contains(r)).ToArray();
        Assert.True(missing.Length == 0, "rules without a gradient property; add one marked " +
            string.Join(", ", missing.Select(r => $"[ChecksGradientOf(nameof(Rule.{r}))]")));
    }

    [Fact]
    public void Every_public_layer_has_a_gradient_property()
    {
        var marked = Marks().Where(a => a.IsLayer).Select(a => a.Name).ToHashSet();
        var missing = PublicLayers().Where(l => !marked.Contains(l)).ToArray();
        Assert.True(missing.Length == 0, "layers without a gradient property; add one marked " +
            string.Join(", ", missing.Select(l => $"[ChecksGradientOf(typeof({l}))]")));
    }

    [Fact]
    public void The_enumeration_sees_the_known_rules_and_layers() // guards the reflection itself
    {
        Assert.Contains(nameof(Functional.Rules.Rule.Relu), PublicRules());
        Assert.Contains(nameof(Functional.Rules.Rule.MatMul), PublicRules());
        Assert.Contains(nameof(Functional.Layers.Dense), PublicLayers());
        Assert.DoesNotContain(nameof(Functional.Layers.Initialisers), PublicLayers());
    }

    [Fact]
    public void Every_mark_names_a_real_rule_or_layer()
    {
        var known = PublicRules().Concat(PublicLayers()).ToHashSet();
        var unknown = Marks().Select(a => a.Name).Where(n => !known.Contains(n)).ToArray();
        Assert.True(unknown.Length == 0, "marks naming no public rule or layer: " + string.Join(", ", unknown));
    }
}
