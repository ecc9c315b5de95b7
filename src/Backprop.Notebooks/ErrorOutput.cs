using System.Collections.Immutable;

namespace Backprop.Notebooks;

/// <summary>An exception or compile error: its name, message and a traceback naming the cell and line.</summary>
public sealed record ErrorOutput(string Name, string Value, ImmutableArray<string> Traceback) : Output;
