using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests
{
    private static NotebookRun Run(params string[] cells) =>
        NotebookRunner.Run(Notebook.Create(cells.Select((c, i) => Cell.Code(c, $"c{i}"))), "test.ipynb");

    private static T Single<T>(Cell cell) where T : Output => Assert.IsType<T>(Assert.Single(cell.Outputs));

    [Fact]
    public void StateIsCarriedFromCellToCell()
    {
        var run = Run("var x = 20;", "int Twice(int y) => 2 * y;", "Twice(x) + 2");
        Assert.True(run.Succeeded);
        Assert.Equal("42", Single<ExecuteResult>(run.Notebook.Cells[2]).Data.Text("text/plain"));
    }

    [Fact]
    public void LastExpressionIsAnExecuteResultNumberedLikeTheCell()
    {
        var run = Run("1 + 1", "var unused = 3;", "\"text\"");
        var cells = run.Notebook.Cells;
        Assert.Equal([1, 2, 3], cells.Select(c => c.ExecutionCount!.Value));
        Assert.Equal(1, Single<ExecuteResult>(cells[0]).ExecutionCount);
        Assert.Empty(cells[1].Outputs);
        var last = Single<ExecuteResult>(cells[2]);
        Assert.Equal((3, "text"), (last.ExecutionCount, last.Data.Text("text/plain")));
    }

    [Fact]
    public void AStatementOrAVoidCallShowsNothing()
    {
        var run = Run("var a = 1;", "System.Diagnostics.Debug.Assert(true)");
        Assert.All(run.Notebook.Cells, c => Assert.Empty(c.Outputs));
    }

    [Fact]
    public void ConsoleAndDisplayKeepTheirOrder()
    {
        var cell = Run("""
            Console.WriteLine("one");
            Console.Write("two");
            display(3);
            Console.Error.WriteLine("oops");
            Console.WriteLine("four");
            5
            """).Notebook.Cells[0];
        Assert.Collection(cell.Outputs,
            o => Assert.Equal(new StreamOutput("stdout", "one\ntwo"), o),
            o => Assert.Equal("3", Assert.IsType<DisplayData>(o).Data.Text("text/plain")),
            o => Assert.Equal(new StreamOutput("stderr", "oops\n"), o),
            o => Assert.Equal(new StreamOutput("stdout", "four\n"), o),
            o => Assert.Equal("5", Assert.IsType<ExecuteResult>(o).Data.Text("text/plain")));
    }

    [Fact]
    public void RecordsInASequenceShowAsATable()
    {
        var data = Single<ExecuteResult>(Run("record Row(string Name, double Value);", "new[] { new Row(\"a\", 1.5), new Row(\"b<\", 10) }").Notebook.Cells[1]).Data;
        Assert.Equal("Name  Value\n----  -----\n   a    1.5\n  b<     10", data.Text("text/plain"));
        Assert.Contains("<th>Name</th><th>Value</th>", data.Text("text/html"));
        Assert.Contains("<td>b&lt;</td><td>10</td>", data.Text("text/html"));
    }

    [Fact]
    public void ValuesWithToHtmlOrToPngGetThoseRepresentations()
    {
        var run = Run(
            "class Chart { public byte[] ToPng() => [1, 2, 3]; public override string ToString() => \"chart\"; }",
            "class Fancy : Backprop.Notebooks.IHtmlDisplay { public string ToHtml() => \"<b>hi</b>\"; }",
            "display(new Chart()); new Fancy()");
        Assert.True(run.Succeeded, run.Failure?.ToString());
        var outputs = run.Notebook.Cells[2].Outputs;
        var png = Assert.IsType<DisplayData>(outputs[0]).Data;
        Assert.Equal((Convert.ToBase64String([1, 2, 3]), "chart"), (png.Text("image/png"), png.Text("text/plain")));
        Assert.Equal("<b>hi</b>", Assert.IsType<ExecuteResult>(outputs[1]).Data.Text("text/html"));
    }

    [Fact]
    public void AnExceptionStopsTheNotebookAndNamesCellAndLine()
    {
        var run = Run("var a = 1;", "var b = 2;\nvar c = 0;\nvar d = b / c;", "var never = 3;");
        var failure = Assert.IsType<CellFailure>(run.Failure);
        Assert.Equal(("test.ipynb", 2, 3, "DivideByZeroException"), (failure.Notebook, failure.Cell, failure.Line, failure.Name));
        Assert.StartsWith("test.ipynb: cell 2, line 3: DivideByZeroException", failure.ToString());
        var error = Single<ErrorOutput>(run.Notebook.Cells[1]);
        Assert.Equal("DivideByZeroException", error.Name);
        Assert.Contains("   at test.ipynb, cell 2, line 3", error.Traceback);
        Assert.Null(run.Notebook.Cells[2].ExecutionCount);
        Assert.Empty(run.Notebook.Cells[2].Outputs);
    }

    [Fact]
    public void AnExceptionInsideAFunctionNamesTheCallingLineAndTheCellThatThrew()
    {
        var run = Run("int Fail(int x) =>\n    x > 0 ? throw new InvalidOperationException(\"no\") : x;", "var ok = 1;\nFail(ok)");
        var failure = Assert.IsType<CellFailure>(run.Failure);
        Assert.Equal((2, 2), (failure.Cell, failure.Line));
        Assert.Equal("no (thrown in cell 1, line 2)", failure.Message);
    }

    [Fact]
    public void ACompileErrorNamesCellAndLine()
    {
        var failure = Assert.IsType<CellFailure>(Run("var a = 1;", "var b = a;\nvar c = missing;").Failure);
        Assert.Equal((2, 2, "CompilationError"), (failure.Cell, failure.Line, failure.Name));
        Assert.Contains("CS0103", failure.Message);
    }

    [Fact]
    public void RepositoryPackagesResolveToTheRunnersOwnAssemblies()
    {
        var run = Run(
            "#r \"nuget: Backprop.Functional\"\nusing Backprop.Functional.Tensors;",
            "typeof(Tensor).Assembly.Location");
        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal(typeof(Backprop.Functional.Tensors.Tensor).Assembly.Location, Single<ExecuteResult>(run.Notebook.Cells[1]).Data.Text("text/plain"));
    }

    [Fact]
    public void WithoutTheDirectiveTheLibraryIsNotReferenced()
    {
        var failure = Assert.IsType<CellFailure>(Run("Backprop.Functional.Tensors.Tensor.Vector(1.0)").Failure);
        Assert.Equal("CompilationError", failure.Name);
    }

    [Fact]
    public void AnUnpinnedOutsidePackageIsRefused()
    {
        var failure = Assert.IsType<CellFailure>(Run("#r \"nuget: SomePackage\"").Failure);
        Assert.Equal(("PackageError", 1), (failure.Name, failure.Line));
    }

    [Fact]
    public void RunningTwiceGivesTheSameBytes()
    {
        var notebook = Notebook.Create([
            Cell.Markdown("# Title"),
            Cell.Code("#r \"nuget: Backprop.Functional\"\nusing Backprop.Functional.Tensors;\nvar k = Key.Create(3);\nConsole.WriteLine(k.Uniform<double>(new Shape(2), 0.0, 1.0));", "a"),
            Cell.Code("display(new { A = 1, B = \"x\" });\nnew object()", "b"),
        ]);
        var first = NotebookJson.Write(NotebookRunner.Run(notebook, "n.ipynb").Notebook);
        var second = NotebookJson.Write(NotebookRunner.Run(NotebookJson.Read(first).IfFail(e => throw new Exception(e.Message)), "n.ipynb").Notebook);
        Assert.Equal(first, second);
        Assert.EndsWith("}\n", first);
        Assert.Empty(NbformatSchema.Validate(System.Text.Json.Nodes.JsonNode.Parse(first)));
    }
}
