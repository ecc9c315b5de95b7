using Backprop.Functional.Diagnostics;
using Xunit;

namespace Backprop.Functional.Tests.Diagnostics;

public class ConfusionMatrixTests
{
    [Fact]
    public void Counts_true_against_predicted_classes()
    {
        var m = ConfusionMatrix.From([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], ["cat", "dog", "2"]);
        Assert.Equal(2, m.Counts[2, 2]);
        Assert.Equal(1, m.Counts[2, 0]);
        Assert.Equal(1, m.Counts[0, 1]);
        Assert.Equal(4.0 / 6, m.Accuracy, 12);
        var lines = m.ToText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^0 cat\s+1\s+1\s+0\s+50\.0 %$", lines[1]);
        Assert.Matches(@"^2\s+1\s+0\s+2\s+66\.7 %$", lines[3]);
    }
}
