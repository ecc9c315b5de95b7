using System.Buffers.Binary;
using System.Xml.Linq;
using Backprop.Functional.Plots;
using Xunit;

namespace Backprop.Functional.Tests.Plots;

public class ChartsTests
{
    private static readonly double[] Steps = [.. Enumerable.Range(1, 50).Select(i => (double)i)];

    public static TheoryData<string, Func<Chart>> All() => new()
    {
        { "Sine", () => Charts.Line("Sine", "t", "y", new Series("sin", Steps, [.. Steps.Select(t => Math.Sin(t / 5))])) },
        { "Loss on a log scale", () => Charts.LogLine("Loss on a log scale", "step", "loss", Series.Of("sgd", [.. Steps.Select(t => Math.Exp(-t / 5))]), Series.Of("zero", [0, 0, 1])) },
        { "Points", () => Charts.Scatter("Points", "x", "y", new Series("a", [1, 2, 3], [3, 1, 2]), new Series("b", [1, double.NaN], [2, 2])) },
        { "Weights", () => Charts.Histogram("Weights", [.. Steps.Select(t => Math.Sin(t))], bins: 10) },
        { "Parameters", () => Charts.Bars("Parameters", ["dense_1/w", "dense_1/b"], [784 * 64, 64], logY: true) },
        { "Loss and accuracy", () => Charts.LossCurves([2, 1, 0.5], [2.1, 1.2, double.NaN], [0.3, 0.6, 0.8], [0.3, 0.5, 0.7]) },
        { "Gradient norm per layer", () => Charts.GradientNorms([new Dictionary<string, double> { ["dense_1"] = 1, ["dense_2"] = 0.1 }, new Dictionary<string, double> { ["dense_1"] = 0.5, ["dense_2"] = 0 }]) },
        { "Learning-rate sweep", () => Charts.LearningRateSweep([1e-3, 1e-2, 1e-1, 1], [1, 0.5, 2, double.NaN]) },
        { "Two classes", () => Charts.DecisionBoundary((x, y) => x + y > 0 ? 1 : 0, new double[,] { { -1, -1 }, { 1, 1 }, { -1, 0.5 } }, [0, 1, 0], "Two classes", resolution: 20) },
        { "Digits", () => Charts.ImageGrid([[0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 0]], 2, 2, ["a", "b", "c"], 2, "Digits") },
        { "Bowl", () => Charts.Trajectories((x, y) => x * x + 4 * y * y, [("gd", [1, 0.5, 0.25], [1, 0.2, 0.05])], "Bowl", resolution: 30) },
    };

    [Theory]
    [MemberData(nameof(All))]
    public void Png_has_the_signature_and_the_size(string title, Func<Chart> make)
    {
        var chart = make();
        var png = chart.ToPng();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(chart.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(chart.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.True(png.Length > 2000, $"{title}: a {png.Length}-byte PNG is too small to hold a chart");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Svg_is_xml_and_holds_the_title(string title, Func<Chart> make)
    {
        var svg = XDocument.Parse(make().ToSvg());
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Contains(title, string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value)));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Same_input_gives_the_same_bytes(string title, Func<Chart> make)
    {
        Assert.Equal(make().ToPng(), make().ToPng());
        Assert.Equal(make().ToSvg(), make().ToSvg());
        var chart = make();
        Assert.True(chart.ToPng().SequenceEqual(chart.ToPng()), $"{title}: rendering one chart twice differs");
    }

    [Fact]
    public void Charts_have_the_default_size_and_can_be_resized()
    {
        var chart = Charts.Line("t", "x", "y", Series.Of("a", [1, 2]));
        Assert.Equal((640, 400), (chart.Width, chart.Height));
        var png = chart.WithSize(300, 200).ToPng();
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
    }

    [Fact]
    public void Saving_writes_the_bytes_and_leaves_no_temporary_file()
    {
        var dir = Directory.CreateTempSubdirectory("plots-").FullName;
        try
        {
            var chart = Charts.Line("saved", "x", "y", Series.Of("a", [1, 2, 3]));
            chart.SavePng(Path.Combine(dir, "sub", "a.png"));
            chart.SavePng(Path.Combine(dir, "sub", "a.png"));
            chart.SaveSvg(Path.Combine(dir, "a.svg"));
            Assert.Equal(chart.ToPng(), File.ReadAllBytes(Path.Combine(dir, "sub", "a.png")));
            Assert.Equal(chart.ToSvg(), File.ReadAllText(Path.Combine(dir, "a.svg")));
            Assert.Equal(["a.png"], Directory.GetFiles(Path.Combine(dir, "sub")).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Charts.Line("t", "x", "y", new Series("a", [1, 2], [1])));
        Assert.Throws<ArgumentException>(() => Charts.Bars("t", ["a"], [1, 2]));
        Assert.Throws<ArgumentException>(() => Charts.ImageGrid([[1, 2, 3]], 2, 2, [], 1));
    }

    [Fact]
    public void Tick_labels_of_huge_losses_are_short()
    {
        Assert.Equal("1.18E+30", Style.Compact(1.18e30));
        Assert.Equal("1.23E+5", Style.Compact(123_456));
        Assert.Equal("0.5", Style.Compact(0.5));
        Assert.Equal("2500", Style.Compact(2500));
        Assert.NotEmpty(Charts.LossCurves([2.3, 4e12, 1.18e30], [2.2, 3e12, 1e30]).ToPng());
    }
}
