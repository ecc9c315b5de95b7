namespace Backprop.Functional.Display;

/// <summary>
/// Names the formatters of a type for .NET Interactive notebooks (Jupyter, VS Code), without a dependency on the
/// kernel's libraries: the kernel's <c>Formatter</c> finds an attribute of this name on a value's type, creates
/// <see cref="FormatterSourceType"/>, asks it for its formatters (objects with a <c>MimeType</c> and a
/// <c>Format(object, TextWriter)</c>), and offers the value in <see cref="PreferredMimeTypes"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[] PreferredMimeTypes { get; init; } = [MimeFormatter.Html, MimeFormatter.Text];
}
