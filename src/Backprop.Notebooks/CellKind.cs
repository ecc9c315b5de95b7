namespace Backprop.Notebooks;

/// <summary>nbformat 4's cell types.</summary>
public enum CellKind
{
    Code,
    Markdown,
    Raw,
}
