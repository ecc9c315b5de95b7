using System.CommandLine;
using System.Diagnostics;
using Backprop.Notebooks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Backprop.Cli;

/// <summary>
/// `notebooks setup` packs the libraries into the notebooks' local feed and restores the kernel tool;
/// `notebooks run PATH` executes notebooks in the real .NET Interactive kernel and writes their outputs back;
/// `notebooks export FILE` writes a file-based app.
/// </summary>
public static class NotebooksCommand
{
    public const int NotebookFailed = 1;

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "a notebook, or a folder whose *.ipynb run in name order" };
        var run = new Command("run", "Run notebooks in the .NET Interactive kernel and write their outputs back in place.") { path };
        run.SetAction(result => Run(result.GetValue(path)!));

        var feed = new System.CommandLine.Option<string>("--out") { Description = "the folder to pack into (default: notebooks/.packages, the feed notebooks/NuGet.config names)" };
        var configuration = new System.CommandLine.Option<string>("--configuration", "-c") { Description = "the build configuration to pack", DefaultValueFactory = _ => "Release" };
        var noBuild = new System.CommandLine.Option<bool>("--no-build") { Description = "pack what is already built" };
        var setup = new Command("setup", "Pack the libraries for notebooks (local feed), refresh them in the NuGet cache, restore the kernel tool.") { feed, configuration, noBuild };
        setup.SetAction(result => Setup(result.GetValue(feed), result.GetValue(configuration)!, !result.GetValue(noBuild)));

        var file = new Argument<string>("notebook") { Description = "the .ipynb to export" };
        var output = new System.CommandLine.Option<string>("--out") { Description = "the .cs file to write (default: next to the notebook)" };
        var export = new Command("export", "Write a notebook as a .NET file-based app (dotnet run FILE.cs).") { file, output };
        export.SetAction(result => Export(result.GetValue(file)!, result.GetValue(output)));

        return new Command("notebooks", "Set up, run or export the teaching notebooks.") { setup, run, export };
    }

    private static int Setup(string? feed, string configuration, bool build) =>
        RepositoryRoot.Find(Directory.GetCurrentDirectory()).Match(
            root =>
            {
                var target = Path.GetFullPath(feed ?? NotebookPackages.DefaultFeed(root));
                Console.WriteLine($"packing {RepositoryRoot.SolutionFile} ({configuration}) into {target} ...");
                return NotebookPackages.Setup(root, target, configuration, build, Console.Out).Match(
                    packages =>
                    {
                        Console.WriteLine($"{packages.Count} packages in {target}: {string.Join(", ", packages)}");
                        Console.WriteLine("the kernel tool is restored (dotnet-interactive); open a notebook in Jupyter or VS Code, or run: backprop notebooks run notebooks/");
                        return 0;
                    },
                    e => Usage(e.Message));
            },
            e => Usage($"{e.Message}: run `notebooks setup` inside a clone of the repository"));

    private static int Run(string path)
    {
        var notebooks = Directory.Exists(path) ? Directory.GetFiles(path, "*.ipynb").Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : [];
        if (notebooks.Length == 0) return Usage($"no notebooks at '{path}'");
        return KernelLauncher.Find(Path.GetDirectoryName(Path.GetFullPath(notebooks[0]))!).Match(
            launcher => notebooks.Count(notebook => !RunOne(notebook, launcher)) == 0 ? 0 : NotebookFailed,
            e => Usage(e.Message));
    }

    private static bool RunOne(string path, KernelLauncher launcher)
    {
        var clock = Stopwatch.StartNew();
        return NotebookJson.ReadFile(path).Match(
            notebook =>
            {
                var run = NotebookRunner.RunAsync(notebook, path, launcher).GetAwaiter().GetResult();
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
