using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Backprop.Notebooks;

/// <summary>An nbformat 4 notebook: cells in order and the notebook metadata (carried through untouched).</summary>
public sealed record Notebook(ImmutableArray<Cell> Cells, JsonObject Metadata, int Format = 4, int FormatMinor = 5)
{
    /// <summary>
    /// A new notebook in the Polyglot Notebooks format with a C# kernel. Cells without an id (nbformat 4.5
    /// requires one) get a fixed one from their position, "cell-01" and on, so the file is the same every time.
    /// </summary>
    public static Notebook Create(IEnumerable<Cell> cells)
    {
        var list = cells.ToArray();
        var taken = list.Select(c => c.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new([.. list.Select((c, i) => c.Id is null && !taken.Contains($"cell-{i + 1:00}") ? c with { Id = $"cell-{i + 1:00}" } : c)],
            PolyglotFormat.NotebookMetadata());
    }

    public IEnumerable<(int Number, Cell Cell)> Numbered => Cells.Select((c, i) => (i + 1, c));
}
