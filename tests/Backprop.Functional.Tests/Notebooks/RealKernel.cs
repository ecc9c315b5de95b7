using Backprop.Notebooks;
using LanguageExt;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>
/// What notebook tests need to run in the real .NET Interactive kernel, made once per test run: the kernel tool
/// restored from the repository's manifest, and this build's packages packed into a temporary feed (as
/// `backprop notebooks setup` does), which a folder of notebooks reaches through its own NuGet.config. The feed is
/// deleted when the test process exits.
/// </summary>
internal static class RealKernel
{
    public static string Root { get; } = RepositoryRoot.Find(AppContext.BaseDirectory).IfFail(e => throw new InvalidOperationException(e.Message));

    public static string Feed { get; } = Path.Combine(Path.GetTempPath(), $"backprop-test-feed-{Environment.ProcessId}");

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly Lazy<Seq<string>> Packages = new(() =>
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFeed();
        return NotebookPackages.Setup(Root, Feed, Configuration, build: false, TextWriter.Null).IfFail(e => throw new InvalidOperationException(e.Message));
    });

    /// <summary>The feed holds this build's packages (about 100 MB); the test run removes it when it ends.</summary>
    private static void DeleteFeed()
    {
        try { Directory.Delete(Feed, true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The kernel launcher, after the feed and the tool are ready.</summary>
    public static KernelLauncher Launcher()
    {
        _ = Packages.Value;
        return KernelLauncher.Find(Root).IfFail(e => throw new InvalidOperationException(e.Message));
    }

    /// <summary>A new folder whose NuGet.config names the test feed, as notebooks/NuGet.config names notebooks/.packages.</summary>
    public static string Folder() => Folder(Path.GetTempPath());

    /// <summary>As <see cref="Folder()"/>, made inside <paramref name="parent"/>.</summary>
    public static string Folder(string parent)
    {
        _ = Packages.Value;
        var folder = Path.Combine(parent, $"backprop-notebooks-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="backprop-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return folder;
    }

    /// <summary>Runs a notebook made of these code cells in a fresh kernel, in a folder of its own.</summary>
    public static NotebookRun Run(params string[] cells)
    {
        var folder = Folder();
        try
        {
            var notebook = Notebook.Create(cells.Select((c, i) => Cell.Code(c, $"c{i}")));
            return NotebookRunner.RunAsync(notebook, Path.Combine(folder, "test.ipynb"), Launcher()).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
