using System.Text.Json.Nodes;
using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

/// <summary>The runner against the real kernel: one kernel per notebook, as a Jupyter client runs it.</summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests(NotebookRunnerTests.Runs runs) : IClassFixture<NotebookRunnerTests.Runs>
{
    /// <summary>The notebooks the cases read, each run once.</summary>
    public sealed class Runs
    {
        public NotebookRun Ok { get; } = RealKernel.Run(
            "var x = 20;",
            "int Twice(int y) => 2 * y;",
            "Twice(x) + 2",
            "Console.WriteLine(\"one\");\nConsole.Write(\"two\");\ndisplay(3);\nConsole.Error.WriteLine(\"oops\");\nConsole.WriteLine(\"four\");\n5",
            "#r \"nuget: Backprop.Functional, 0.1.0\"\n#r \"nuget: Backprop.Functional.Plots, 0.1.0\"\nusing Backprop.Functional.Tensors;\nusing Backprop.Functional.Plots;",
            "Tensor.Matrix(new[] { new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 } })",
            "Charts.LossCurves([3.0, 2.0, 1.5], [3.5, 2.5, 2.0])",
            "using Microsoft.DotNet.Interactive;\nvar view = KernelInvocationContext.Current.Display(Tensor.Vector(1.0));\nview.Update(Tensor.Vector(2.0));",
            "string? maybe = null;");

        public NotebookRun CompileError { get; } = RealKernel.Run("var a = 1;", "var b = a;\nvar c = missing;", "var never = 3;");

        public NotebookRun Exception { get; } = RealKernel.Run("int Fail(int x) =>\n    x > 0 ? throw new InvalidOperationException(\"no\") : x;", "Fail(1)");
    }

    private Cell Cell(int index) => runs.Ok.Notebook.Cells[index];

    private T Single<T>(int cell) where T : Output => Assert.IsType<T>(Assert.Single(Cell(cell).Outputs));

    [Fact]
    public void EveryCellRanInOrderWithStateCarriedAcross()
    {
        Assert.True(runs.Ok.Succeeded, runs.Ok.Failure?.ToString());
        Assert.Equal(Enumerable.Range(1, 9), runs.Ok.Notebook.Cells.Select(c => c.ExecutionCount!.Value));
        var result = Single<ExecuteResult>(2);
        Assert.Equal(3, result.ExecutionCount);
        Assert.Contains("<pre>42</pre>", result.Data.Text("text/html"));
        Assert.Empty(Cell(0).Outputs);
    }

    [Fact]
    public void ConsoleTextDisplaysAndTheValueKeepTheirOrder() =>
        Assert.Collection(Cell(3).Outputs,
            o => Assert.Equal(new StreamOutput("stdout", "one\ntwo"), o),
            o => Assert.Contains("<pre>3</pre>", Assert.IsType<DisplayData>(o).Data.Text("text/html")),
            o => Assert.Equal(new StreamOutput("stderr", "oops\n"), o),
            o => Assert.Equal(new StreamOutput("stdout", "four\n"), o),
            o => Assert.Contains("<pre>5</pre>", Assert.IsType<ExecuteResult>(o).Data.Text("text/html")));

    [Fact]
    public void ThePackedLibraryLoadsAndItsTypesShowAsHtmlAndText()
    {
        Assert.Contains(Cell(4).Outputs.OfType<DisplayData>(), d => d.Data.Text("text/html")?.Contains("Backprop.Functional, 0.1.0") == true);
        var tensor = Single<ExecuteResult>(5).Data;
        Assert.Equal("[[1, 2], [3, 4]]", tensor.Text("text/plain"));
        Assert.Contains("<code>Tensor&lt;double&gt;</code> [2, 2], 4 values", tensor.Text("text/html"));
    }

    [Fact]
    public void AChartShowsAsAPngImage()
    {
        var chart = Single<ExecuteResult>(6).Data;
        var png = Convert.FromBase64String(chart.Text("image/png")!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal("Chart 640×400", chart.Text("text/plain"));
    }

    [Fact]
    public void ADisplayUpdatedInPlaceKeepsItsPlaceAndShowsTheLastValue() =>
        Assert.Equal("[2]", Single<DisplayData>(7).Data.Text("text/plain"));

    [Fact]
    public void CompilerWarningsAreShownOnStderr() =>
        Assert.Contains("warning CS8632", Single<StreamOutput>(8).Text);

    [Fact]
    public void ACompileErrorStopsTheNotebookAndNamesCellAndLine()
    {
        var failure = Assert.IsType<CellFailure>(runs.CompileError.Failure);
        Assert.Equal(("test.ipynb", 2, 2, "CompilationError"), (failure.Notebook, failure.Cell, failure.Line, failure.Name));
        Assert.StartsWith("CS0103: ", failure.Message);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(runs.CompileError.Notebook.Cells[1].Outputs));
        Assert.Contains("   at test.ipynb, cell 2, line 2", error.Traceback);
        Assert.Null(runs.CompileError.Notebook.Cells[2].ExecutionCount);
    }

    [Fact]
    public void AnExceptionStopsTheNotebookNamingCellAndException()
    {
        var failure = Assert.IsType<CellFailure>(runs.Exception.Failure);
        Assert.Equal((2, null, "InvalidOperationException", "no"), (failure.Cell, failure.Line, failure.Name, failure.Message));
        Assert.Contains(Assert.IsType<ErrorOutput>(Assert.Single(runs.Exception.Notebook.Cells[1].Outputs)).Traceback, l => l.Contains("Fail(Int32 x)"));
    }

    [Fact]
    public void WrittenOutputsAreValidNbformat() =>
        Assert.Empty(NbformatSchema.Validate(JsonNode.Parse(NotebookJson.Write(runs.Ok.Notebook))));

    [Fact]
    public void WithoutTheKernelToolTheErrorSaysHowToInstallIt()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        var found = KernelLauncher.Find(empty, empty, empty);
        Assert.True(found.IsFail);
        found.IfFail(e => Assert.Contains("dotnet tool restore", e.Message));
    }

    [Fact]
    public async Task AKernelThatCannotStartIsAnErrorNamingIt()
    {
        var launcher = new KernelLauncher("dotnet", ["no-such-command-for-backprop"], Path.GetTempPath());
        var started = await KernelSession.Start(launcher, Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.True(started.IsFail);
        started.IfFail(e => Assert.StartsWith("the .NET Interactive kernel did not start: ", e.Message));
    }
}
