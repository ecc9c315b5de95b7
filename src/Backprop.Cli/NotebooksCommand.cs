using System.CommandLine;
using System.Diagnostics;
using Backprop.Notebooks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Backprop.Cli;

/// <summary>
/// `notebooks run PATH` executes notebooks and writes their outputs back, always with 256-bit vectors so the outputs are
/// the same on every machine (<see cref="PortableVectors"/>); `notebooks export FILE` writes a file-based app.
/// </summary>
public static class NotebooksCommand
{
    public const int NotebookFailed = 1;

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "a notebook, or a folder whose *.ipynb run in name order" };
        var run = new Command("run", "Run notebooks headless and write their outputs back in place.") { path };
        run.SetAction(result => Run(result.GetValue(path)!));

        var file = new Argument<string>("notebook") { Description = "the .ipynb to export" };
        var output = new System.CommandLine.Option<string>("--out") { Description = "the .cs file to write (default: next to the notebook)" };
        var export = new Command("export", "Write a notebook as a .NET file-based app (dotnet run FILE.cs).") { file, output };
        export.SetAction(result => Export(result.GetValue(file)!, result.GetValue(output)));

        return new Command("notebooks", "Run or export the teaching notebooks.") { run, export };
    }

    private static int Run(string path)
    {
        if (!PortableVectors.Active) return PortableVectors.Relaunch(["notebooks", "run", path]);
        var notebooks = Directory.Exists(path) ? Directory.GetFiles(path, "*.ipynb").Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : [];
        if (notebooks.Length == 0) return Usage($"no notebooks at '{path}'");
        var failed = notebooks.Count(notebook => !RunOne(notebook));
        return failed == 0 ? 0 : NotebookFailed;
    }

    private static bool RunOne(string path)
    {
        var clock = Stopwatch.StartNew();
        return NotebookJson.ReadFile(path).Match(
            notebook =>
            {
                var run = NotebookRunner.Run(notebook, path);
                NotebookJson.WriteFile(path, run.Notebook);
                if (run.Failure is { } failure) Console.Error.WriteLine($"error: {failure}");
                else Console.WriteLine($"{path}: {notebook.Cells.Count(c => c.Kind == CellKind.Code)} code cells ran ({clock.Elapsed.TotalSeconds:F1} s)");
                return run.Succeeded;
            },
            e =>
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return false;
            });
    }

    private static int Export(string path, string? output)
    {
        var target = output ?? Path.ChangeExtension(path, ".cs");
        var written =
            from notebook in NotebookJson.ReadFile(path)
            from root in RepositoryRoot.Find(Path.GetDirectoryName(Path.GetFullPath(path))!)
            from code in NotebookExport.ToFileBasedApp(notebook, Path.GetFileName(path), root, target)
            from _ in Write(target, code)
            select unit;
        return written.Match(
            _ =>
            {
                Console.WriteLine($"wrote {target}; run it with: dotnet run {target}");
                return 0;
            },
            e => Usage(e.Message));
    }

    private static Fin<Unit> Write(string path, string code)
    {
        try
        {
            File.WriteAllText(path, code);
            return Unit.Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"cannot write {path}: {e.Message}");
        }
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandLine.UsageError;
    }
}
