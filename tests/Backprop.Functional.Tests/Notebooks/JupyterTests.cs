using System.Text.Json.Nodes;
using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>
/// A real Jupyter client, not our runner: nbconvert executes a notebook against the kernel that `dotnet interactive
/// jupyter install` registers, the packages come from this build's feed through the folder's NuGet.config, and the
/// library's values arrive as a Jupyter front end shows them.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class JupyterTests
{
    [JupyterFact]
    public void NbconvertRunsANotebookWhoseTensorShowsAsHtmlAndChartAsPng()
    {
        // The folder sits under the repository, as a cloned notebooks/ folder does, so `dotnet interactive` finds the local tool.
        var folder = RealKernel.Folder(Path.Combine(AppContext.BaseDirectory, "jupyter"));
        try
        {
            var path = Path.Combine(folder, "jupyter.ipynb");
            NotebookJson.WriteFile(path, Notebook.Create([
                Cell.Code("#r \"nuget: Backprop.Functional, 0.1.0\"\n#r \"nuget: Backprop.Functional.Plots, 0.1.0\"\nusing Backprop.Functional.Tensors;\nusing Backprop.Functional.Plots;", "a"),
                Cell.Code("Tensor.Matrix(new[] { new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 } })", "b"),
                Cell.Code("Charts.LossCurves([3.0, 2.0, 1.5], [3.5, 2.5, 2.0])", "c"),
            ]));
            var (exitCode, error) = Jupyter.Execute(path);
            Assert.True(exitCode == 0, error);
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            var tensor = Result(cells[1]!);
            Assert.Contains("<code>Tensor&lt;double&gt;</code> [2, 2], 4 values", Text(tensor["text/html"]));
            Assert.Equal("[[1, 2], [3, 4]]", Text(tensor["text/plain"]));
            var png = Convert.FromBase64String(Text(Result(cells[2]!)["image/png"]).Replace("\n", ""));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static JsonNode Result(JsonNode cell) =>
        Assert.Single(cell["outputs"]!.AsArray(), o => (string?)o!["output_type"] == "execute_result")!["data"]!;

    /// <summary>nbformat's multiline string: a string or an array of lines.</summary>
    private static string Text(JsonNode? value) =>
        value is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)value ?? "";
}
