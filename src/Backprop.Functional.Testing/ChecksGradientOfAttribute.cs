namespace Backprop.Functional.Testing;

/// <summary>
/// Marks a test as the gradient property of a built-in rule (<c>[ChecksGradientOf(nameof(Rule.Relu))]</c>)
/// or layer (<c>[ChecksGradientOf(typeof(Dense))]</c>). A registry test enumerates the public rules and
/// layers and fails when one has no marked property, so nothing new slips in unchecked.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ChecksGradientOfAttribute : Attribute
{
    /// <summary>Marks the property of the rule <paramref name="rule"/> (a method of <c>Rules</c>).</summary>
    public ChecksGradientOfAttribute(string rule) => (Name, IsLayer) = (rule, false);

    /// <summary>Marks the property of the layer <paramref name="layer"/> (a static class in <c>Backprop.Functional.Layers</c>).</summary>
    public ChecksGradientOfAttribute(Type layer) => (Name, IsLayer) = (layer.Name, true);

    public string Name { get; }
    public bool IsLayer { get; }
}
