using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Backprop.Notebooks;

/// <summary>
/// One cell. <see cref="Metadata"/> and <see cref="Attachments"/> are carried through untouched;
/// only code cells have <see cref="Outputs"/> and an <see cref="ExecutionCount"/>.
/// </summary>
public sealed record Cell(
    CellKind Kind,
    string Source,
    JsonObject Metadata,
    ImmutableArray<Output> Outputs,
    int? ExecutionCount = null,
    string? Id = null,
    JsonObject? Attachments = null)
{
    /// <summary>A code cell in the Polyglot Notebooks format (C# kernel), not yet run.</summary>
    public static Cell Code(string source, string? id = null) =>
        new(CellKind.Code, source, PolyglotFormat.CodeCellMetadata(), [], null, id);

    public static Cell Markdown(string source, string? id = null) =>
        new(CellKind.Markdown, source, [], [], null, id);
}
