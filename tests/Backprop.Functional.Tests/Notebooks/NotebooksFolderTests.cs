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
            Assert.True(written == committed,
                $"notebooks/{name}: the committed outputs are stale; run `dotnet run --project src/Backprop.Cli -- notebooks run notebooks/{name}` and commit the result");
        }
        finally
        {
            File.Delete(copy);
        }
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
