namespace Backprop.Notebooks;

/// <summary>Text written to stdout or stderr while the cell ran.</summary>
public sealed record StreamOutput(string Name, string Text) : Output;
