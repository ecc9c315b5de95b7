using System.Text.Json.Nodes;
using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>
/// Every notebook in the repository's notebooks/ folder runs without throwing, into a temporary copy
/// (the committed files are not touched), and the fresh outputs equal the committed ones, so the
/// committed notebooks stay current. Numbers in the notebooks are printed rounded, so the comparison
/// does not hang on last-bit differences.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebooksFolderTests
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
        var committed = File.ReadAllText(Path.Combine(Folder, name));
        var notebook = NotebookJson.Read(committed).IfFail(e => throw new InvalidOperationException(e.Message));
        var run = NotebookRunner.Run(notebook, $"notebooks/{name}");
        Assert.True(run.Succeeded, run.Failure?.ToString());

        var copy = Path.Combine(Path.GetTempPath(), $"backprop-notebook-test-{Environment.ProcessId}-{name}");
        try
        {
            NotebookJson.WriteFile(copy, run.Notebook);
            var written = File.ReadAllText(copy);
            Assert.Empty(NbformatSchema.Validate(JsonNode.Parse(written)));
            Assert.True(WithoutImages(written) == WithoutImages(committed),
                $"notebooks/{name}: the committed outputs are stale; run `dotnet run --project src/Backprop.Cli -- notebooks run notebooks/{name}` and commit the result");
        }
        finally
        {
            File.Delete(copy);
        }
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
}
