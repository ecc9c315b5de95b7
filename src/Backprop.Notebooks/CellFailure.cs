namespace Backprop.Notebooks;

/// <summary>Why a notebook stopped: the cell (1-based, counting every cell) and line that threw, and what.</summary>
public sealed record CellFailure(string Notebook, int Cell, int? Line, string Name, string Message)
{
    public string Location => Line is { } line ? $"cell {Cell}, line {line}" : $"cell {Cell}";

    public override string ToString() => $"{Notebook}: {Location}: {Name}: {Message}";
}
