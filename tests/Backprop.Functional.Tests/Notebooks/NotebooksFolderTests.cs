using System.Diagnostics;
using System.Text.Json.Nodes;
using Backprop.Cli;
using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>
/// Every notebook in the repository's notebooks/ folder runs without throwing, into a temporary copy (the
/// committed files are not touched), and the fresh outputs equal the committed ones, so the committed notebooks
/// stay current. They run as users refresh them, through `backprop notebooks run` in a process of its own, which
/// computes with 256-bit vectors whatever the CPU (<see cref="PortableVectors"/>): a test process on an AVX-512
/// machine would otherwise round some sums differently from the machine that wrote the outputs.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebooksFolderTests(NotebooksFolderTests.FolderRun run) : IClassFixture<NotebooksFolderTests.FolderRun>
{
    private static readonly string Root = RepositoryRoot.Find(AppContext.BaseDirectory).IfFail(e => throw new InvalidOperationException(e.Message));
    private static readonly string Folder = Path.Combine(Root, "notebooks");

    public static TheoryData<string> Notebooks() =>
        new(Directory.GetFiles(Folder, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void TheFolderHasNotebooks() => Assert.NotEmpty(Notebooks());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void RunsAndMatchesTheCommittedOutputs(string name)
    {
        Assert.True(run.ExitCode == 0, $"`backprop notebooks run` exited with {run.ExitCode}:\n{run.Error}");
        Assert.Contains($"{name}: ", run.Output);
        var committed = File.ReadAllText(Path.Combine(Folder, name));
        var written = File.ReadAllText(Path.Combine(run.Copy, name));
        Assert.Empty(NbformatSchema.Validate(JsonNode.Parse(written)));
        Assert.True(WithoutImages(written) == WithoutImages(committed),
            $"notebooks/{name}: the committed outputs are stale; run `dotnet run --project src/Backprop.Cli -- notebooks run notebooks/{name}` and commit the result");
    }

    /// <summary>
    /// The notebook with every image/png payload blanked: text outputs are compared exactly, while a
    /// plot only has to be there (its PNG bytes depend on the fonts and the rasteriser of the machine).
    /// </summary>
    private static string WithoutImages(string json)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var cell in root["cells"]!.AsArray())
            foreach (var output in cell!["outputs"]?.AsArray() ?? [])
                if (output!["data"]?["image/png"] is not null) output["data"]!["image/png"] = "<png>";
        return root.ToJsonString();
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
        public string Copy { get; } = Path.Combine(Path.GetTempPath(), $"backprop-notebooks-test-{Guid.NewGuid():N}");
        public int ExitCode { get; }
        public string Output { get; }
        public string Error { get; }

        public FolderRun()
        {
            Directory.CreateDirectory(Copy);
            foreach (var file in Directory.GetFiles(Folder, "*.ipynb")) File.Copy(file, Path.Combine(Copy, Path.GetFileName(file)));
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
