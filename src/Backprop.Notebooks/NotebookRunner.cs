using System.Collections.Immutable;
using LanguageExt;

namespace Backprop.Notebooks;

/// <summary>
/// Runs a notebook's code cells in order in a fresh real .NET Interactive kernel (see <see cref="KernelSession"/>) and
/// returns the notebook with the kernel's outputs. The first cell that fails to compile or throws stops the run; the
/// cells after it keep the outputs they had.
/// </summary>
public static class NotebookRunner
{
    /// <summary>How long one cell may run, and how long the kernel may take to start.</summary>
    public static TimeSpan CellTimeout { get; } = TimeSpan.FromMinutes(10);

    public static TimeSpan StartTimeout { get; } = TimeSpan.FromMinutes(3);

    public static async Task<NotebookRun> RunAsync(Notebook notebook, string path, KernelLauncher launcher)
    {
        var name = Path.GetFileName(path);
        var started = await KernelSession.Start(launcher, Path.GetDirectoryName(Path.GetFullPath(path))!, StartTimeout);
        if (started.Case is LanguageExt.Common.Error e) return new NotebookRun(notebook, new CellFailure(name, 0, null, "KernelError", e.Message));
        await using var session = (KernelSession)started;
        var cells = ImmutableArray.CreateBuilder<Cell>();
        CellFailure? failure = null;
        var count = 0;
        foreach (var (number, cell) in notebook.Numbered)
        {
            if (failure is not null || cell.Kind != CellKind.Code) { cells.Add(cell); continue; }
            var result = await session.Submit(cell.Source, ++count, CellTimeout);
            failure = result.Failure is { } message ? CellFailure.FromKernel(name, number, message) : null;
            var outputs = failure is null ? result.Outputs : result.Outputs.Add(failure.ToOutput(message: result.Failure!));
            cells.Add(cell with { Outputs = outputs, ExecutionCount = count });
        }
        return new NotebookRun(notebook with { Cells = cells.ToImmutable() }, failure);
    }
}
