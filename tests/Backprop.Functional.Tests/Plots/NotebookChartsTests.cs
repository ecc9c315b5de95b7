using Backprop.Notebooks;
using Xunit;

namespace Backprop.Functional.Tests.Plots;

public class NotebookChartsTests
{
    [Fact]
    public void A_notebook_references_the_plots_package_and_shows_a_chart_as_png()
    {
        var run = NotebookRunner.Run(Notebook.Create([
            Cell.Code("#r \"nuget: Backprop.Functional.Plots\"\nusing Backprop.Functional.Plots;", "a"),
            Cell.Code("Charts.Line(\"loss\", \"step\", \"loss\", Series.Of(\"train\", new double[] { 2, 1, 0.5 }))", "b"),
        ]), "plots.ipynb");
        Assert.True(run.Succeeded, run.Failure?.ToString());
        var result = Assert.IsType<ExecuteResult>(Assert.Single(run.Notebook.Cells[1].Outputs));
        var png = Convert.FromBase64String(result.Data.Text("image/png")!);
        Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(png, 1, 3));
        Assert.Equal("Chart 640×400", result.Data.Text("text/plain"));
    }
}
