using System.Diagnostics;
using System.Text.RegularExpressions;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Notebooks;

/// <summary>
/// Makes the repository's packages available to notebooks: packs the solution into the local feed that
/// notebooks/NuGet.config names (notebooks/.packages), removes those package versions from the NuGet cache so a
/// kernel takes the fresh build rather than an older one of the same version, and restores the kernel tool.
/// </summary>
public static partial class NotebookPackages
{
    public const string FeedFolder = ".packages";

    /// <summary>The feed beside the notebooks: what notebooks/NuGet.config points to.</summary>
    public static string DefaultFeed(string repositoryRoot) => Path.Combine(repositoryRoot, "notebooks", FeedFolder);

    /// <summary>Packs into <paramref name="feed"/>; the packages made (file names), or the error.</summary>
    public static Fin<Seq<string>> Setup(string repositoryRoot, string feed, string configuration, bool build, TextWriter log)
    {
        Directory.CreateDirectory(feed);
        var pack = Run(repositoryRoot, ["pack", Path.Combine(repositoryRoot, RepositoryRoot.SolutionFile), "-c", configuration, "-o", feed,
            .. build ? Array.Empty<string>() : ["--no-build"], "-nologo", "-v", "q"]);
        if (pack.Case is Error packError) return packError;
        var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToSeq();
        foreach (var (id, version) in packages.Choose(Identity)) Evict(id, version, log);
        var tools = Run(repositoryRoot, ["tool", "restore"]);
        return tools.Map(_ => packages);
    }

    /// <summary>The NuGet cache folder: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string Cache() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set ? set
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>"Backprop.Functional.Plots.0.1.0.nupkg" → ("Backprop.Functional.Plots", "0.1.0").</summary>
    public static Option<(string Id, string Version)> Identity(string fileName) =>
        PackageFile().Match(fileName) is { Success: true } m ? (m.Groups["id"].Value, m.Groups["version"].Value) : Option<(string, string)>.None;

    private static void Evict(string id, string version, TextWriter log)
    {
        var cached = Path.Combine(Cache(), id.ToLowerInvariant(), version.ToLowerInvariant());
        if (!Directory.Exists(cached)) return;
        Directory.Delete(cached, recursive: true);
        log.WriteLine($"removed {id} {version} from the NuGet cache ({cached}), so kernels restore the new build");
    }

    private static Fin<Unit> Run(string directory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 0) return Unit.Default;
        var lines = (output + error.Result).Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(5);
        return Error.New($"`dotnet {string.Join(' ', args)}` failed (exit code {process.ExitCode}): {string.Join(" | ", lines)}");
    }

    [GeneratedRegex(@"^(?<id>.+?)\.(?<version>\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex PackageFile();
}
