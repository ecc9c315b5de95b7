namespace Backprop.Notebooks;

/// <summary>A value shown with <c>display(x)</c>: one representation per MIME type.</summary>
public sealed record DisplayData(MimeBundle Data) : Output;
