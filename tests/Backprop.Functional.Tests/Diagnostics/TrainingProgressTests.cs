using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Functional.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Backprop.Functional.Tests.Diagnostics;

public partial class TrainingProgressTests
{
    private static TrainingProgress After(int total, params double[] losses) =>
        losses.Aggregate(TrainingProgress.Start(total), (p, loss) => p.With(loss));

    [Fact]
    public void EachStepAddsItsLossAndLeavesTheEarlierValueAsItWas()
    {
        var start = TrainingProgress.Start(3);
        var one = start.With(2.5);
        Assert.Equal((0, 1), (start.Step, one.Step));
        Assert.Equal("step 0/3", start.ToString());
        Assert.Equal("step 2/3, loss 0.1235", one.With(0.123456).ToString());
    }

    [Fact]
    public void ARunWithoutStepsIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingProgress.Start(0));

    [Fact]
    public void TheHtmlShowsTheBarAndACurveFromTheHighestLossAtTheTopToTheLowestAtTheBottom()
    {
        var html = After(5, 4, 2, 1).ToHtml();
        Assert.Contains("<progress max=\"5\" value=\"3\"></progress> step 3/5, loss 1</div>", html);
        Assert.Equal([(0.0, 4.0), (80.0, 65.3), (160.0, 96.0)], Points(html));
        Assert.Contains(">4</text>", html);
        Assert.Contains(">1</text>", html);
    }

    [Fact]
    public void NonFiniteLossesCountAsStepsButAreLeftOffTheCurve()
    {
        var progress = After(4, 1, double.NaN, double.PositiveInfinity, 3);
        Assert.Equal(4, progress.Step);
        Assert.Equal([0.0, 320.0], Points(progress.ToHtml()).Select(p => p.X));
    }

    [Fact]
    public void FewerThanTwoFiniteLossesDrawNoCurve() =>
        Assert.DoesNotContain("<svg", After(2, 1.0).ToHtml());

    [Property]
    public Property TheCurveStaysInsideItsBoxAndHasAtMostOneHundredAndSixtyOnePoints() =>
        Prop.ForAll(Gen.Choose(2, 2000).SelectMany(n => Gen.Choose(-1000, 1000).ArrayOf(n)).ToArbitrary(), ints =>
        {
            var points = Points(After(ints.Length, [.. ints.Select(i => i / 7.0)]).ToHtml());
            return points.Count <= 161 && points[^1].X == 320 && points.All(p => p.X is >= 0 and <= 320 && p.Y is >= 4 and <= 96);
        });

    private static List<(double X, double Y)> Points(string html) =>
        [.. PointsAttribute().Match(html).Groups[1].Value.Split(' ').Select(p => p.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))];

    [GeneratedRegex("points=\"([^\"]*)\"")]
    private static partial Regex PointsAttribute();
}
