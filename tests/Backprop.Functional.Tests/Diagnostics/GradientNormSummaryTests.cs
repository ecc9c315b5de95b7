using Backprop.Functional.Diagnostics;
using Xunit;

namespace Backprop.Functional.Tests.Diagnostics;

public class GradientNormSummaryTests
{
    private static readonly IReadOnlyDictionary<string, double>[] Steps =
    [
        new Dictionary<string, double> { ["dense_1"] = 1.0, ["dense_2"] = 2.0 },
        new Dictionary<string, double> { ["dense_1"] = 0.1, ["dense_2"] = double.NaN },
        new Dictionary<string, double> { ["dense_1"] = 0.01, ["dense_2"] = 4.0 },
        new Dictionary<string, double> { ["dense_1"] = 0.001 },
    ];

    [Fact]
    public void Rows_hold_first_last_min_max_and_median_per_layer()
    {
        var rows = GradientNormSummary.Of(Steps).Rows;
        Assert.Equal(new GradientNormRow("dense_1", 4, 1.0, 0.001, 0.001, 1.0, 0.055), rows[0]);
        Assert.Equal(new GradientNormRow("dense_2", 2, 2.0, 4.0, 2.0, 4.0, 3.0), rows[1]);
        Assert.Equal(0.001, rows[0].Ratio, 12);
    }

    [Fact]
    public void Tables_show_each_layer()
    {
        var summary = GradientNormSummary.Of(Steps);
        var lines = summary.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("layer", lines[0]);
        Assert.StartsWith("dense_1", lines[1]);
        Assert.Contains("0.001", lines[1]);
        Assert.Contains("<td>dense_2</td><td>2</td><td>2</td><td>4</td>", summary.ToHtml());
    }
}
