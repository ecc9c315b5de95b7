using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Notebooks;

public sealed class NotebookExportTests
{
    private static string Export(string root, string output, params Cell[] cells) =>
        NotebookExport.ToFileBasedApp(Notebook.Create(cells), "n.ipynb", root, output).IfFail(e => throw new InvalidOperationException(e.Message));

    [Fact]
    public void ProjectDirectivesAreRelativeToTheOutputFile()
    {
        var code = Export("/repo", "/repo/notebooks/n.cs", Cell.Code("#r \"nuget: Backprop.Functional\"\n#r \"nuget: backprop.functional.testing\""));
        Assert.StartsWith("#:project ../src/Backprop.Functional\n#:project ../src/Backprop.Functional.Testing\n", code);
    }

    [Fact]
    public void OtherPackagesBecomePackageDirectives() =>
        Assert.Contains("#:package CsvHelper@34.0.0\n", Export("/repo", "/tmp/n.cs", Cell.Code("#r \"nuget: CsvHelper, 34.0.0\"")));

    [Fact]
    public void UsingsGoFirstTypesLastAndClosingExpressionsAreDisplayed()
    {
        var code = Export("/repo", "/tmp/n.cs",
            Cell.Markdown("# Title\n\ntext"),
            Cell.Code("using System.Numerics;\nrecord P(int A);\nvar p = new P(1);\np"),
            Cell.Code("using System.Numerics;\nConsole.WriteLine(p);"));
        Assert.Equal(1, code.Split("using System.Numerics;").Length - 1);
        Assert.True(code.IndexOf("using System.Numerics;", StringComparison.Ordinal) < code.IndexOf("var p", StringComparison.Ordinal));
        Assert.Contains("// # Title\n//\n// text\n", code);
        Assert.Contains("display(p);", code);
        Assert.True(code.IndexOf("record P(int A);", StringComparison.Ordinal) > code.IndexOf("static void display", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnpinnedOutsidePackageCannotBeExported() =>
        Assert.True(NotebookExport.ToFileBasedApp(Notebook.Create([Cell.Code("#r \"nuget: Foo\"")]), "n", "/r", "/r/n.cs").IsFail);
}
