namespace Backprop.Functional.Display;

/// <summary>One MIME type's form of a value, in the shape the notebook kernel's formatter convention expects.</summary>
public sealed class MimeFormatter(string mimeType, Func<object, string> render)
{
    public const string Html = "text/html";
    public const string Text = "text/plain";
    public const string Png = "image/png";

    public string MimeType { get; } = mimeType;

    /// <summary>Writes the value's form; always true, since the kernel offers a formatter only for the type that named it.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        writer.Write(render(instance));
        return true;
    }
}
