using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>
/// Every notebook in the repository's notebooks/ folder runs in the real .NET Interactive kernel without an error,
/// into a temporary copy (the committed files are not touched), from this build's packed packages, and the fresh
/// outputs equal the committed ones, so the committed notebooks stay current. They run as users refresh them,
/// through `backprop notebooks run` in a process of its own; the kernel computes with 256-bit vectors whatever the
/// CPU (<see cref="KernelLauncher.Environment"/>), since the last bits of a vectorised sum depend on the width.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebooksFolderTests(NotebooksFolderTests.FolderRun run) : IClassFixture<NotebooksFolderTests.FolderRun>
{
    private static readonly string Folder = Path.Combine(RealKernel.Root, "notebooks");

    public static TheoryData<string> Notebooks() =>
        new(Directory.GetFiles(Folder, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void TheFolderHasNotebooks() => Assert.NotEmpty(Notebooks());

    [Fact]
    public void TheRunExitsWithZero() => Assert.True(run.ExitCode == 0, $"`backprop notebooks run` exited with {run.ExitCode}:\n{run.Error}");

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void RunsAndMatchesTheCommittedOutputs(string name)
    {
        // Each notebook is judged by its own line: `notebooks run` goes on after a failing notebook and names it.
        var errors = string.Join("\n", run.Error.Split('\n').Where(l => l.Contains(name)));
        Assert.True(run.Output.Split('\n').Any(l => l.Contains($"{name}: ") && l.Contains(" code cells ran ")),
            $"`backprop notebooks run` (exit {run.ExitCode}) did not run notebooks/{name} to its end:\n{(errors.Length > 0 ? errors : run.Error)}");
        var committed = File.ReadAllText(Path.Combine(Folder, name));
        var written = File.ReadAllText(Path.Combine(run.Copy, name));
        Assert.Empty(NbformatSchema.Validate(JsonNode.Parse(written)));
        Assert.True(Comparable(written) == Comparable(committed),
            $"notebooks/{name}: the committed outputs are stale; run `dotnet run --project src/Backprop.Cli -- notebooks setup`, then "
            + $"`dotnet run --project src/Backprop.Cli -- notebooks run notebooks/{name}`, and commit the result");
        Assert.DoesNotContain("warning CS", written);
    }

    /// <summary>
    /// The notebook with every image/png payload blanked and the NuGet cache's location written as "~/.nuget/packages":
    /// text and HTML outputs are compared exactly, while a plot only has to be there (its PNG bytes depend on the
    /// fonts and the rasteriser of the machine), and the kernel's note of an extension it loaded names a package
    /// folder that depends on the user.
    /// </summary>
    private static string Comparable(string json)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var cell in root["cells"]!.AsArray())
            foreach (var output in cell!["outputs"]?.AsArray() ?? [])
                if (output!["data"]?["image/png"] is not null) output["data"]!["image/png"] = "<png>";
        return Regex.Replace(root.ToJsonString(), @"(/[^`""\s]+)?/\.nuget/packages/", "~/.nuget/packages/").Replace(NotebookPackages.Cache(), "~/.nuget/packages");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void IsAValidPolyglotNotebook(string name)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name)))!;
        Assert.Empty(NbformatSchema.Validate(json));
        Assert.Equal(".net-csharp", (string?)json["metadata"]!["kernelspec"]!["name"]);
        Assert.Equal("C#", (string?)json["metadata"]!["language_info"]!["name"]);
        Assert.Equal("csharp", (string?)json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        Assert.All(json["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code"), c =>
        {
            Assert.Equal("csharp", (string?)c!["metadata"]!["dotnet_interactive"]!["language"]);
            Assert.Equal("csharp", (string?)c["metadata"]!["polyglot_notebook"]!["kernelName"]);
        });
    }

    /// <summary>One `backprop notebooks run` over a temporary copy of the folder, shared by the cases.</summary>
    public sealed class FolderRun : IDisposable
    {
        public string Copy { get; } = RealKernel.Folder();
        public int ExitCode { get; }
        public string Output { get; }
        public string Error { get; }

        public FolderRun()
        {
            foreach (var file in Directory.GetFiles(Folder, "*.ipynb")) File.Copy(file, Path.Combine(Copy, Path.GetFileName(file)));
            _ = RealKernel.Launcher();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RealKernel.Root };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "backprop.dll"), "notebooks", "run", Copy }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            Output = process.StandardOutput.ReadToEnd();
            Error = error.Result;
            process.WaitForExit();
            ExitCode = process.ExitCode;
        }

        public void Dispose() => Directory.Delete(Copy, true);
    }
}
