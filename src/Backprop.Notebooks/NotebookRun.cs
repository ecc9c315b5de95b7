namespace Backprop.Notebooks;

/// <summary>
/// A notebook after a run: every code cell up to the first failure has fresh outputs; cells after a
/// failure keep the outputs they had. <see cref="Failure"/> is null when every cell ran.
/// </summary>
public sealed record NotebookRun(Notebook Notebook, CellFailure? Failure)
{
    public bool Succeeded => Failure is null;
}
