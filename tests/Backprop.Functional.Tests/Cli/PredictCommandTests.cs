using System.Globalization;
using Xunit;
using static Backprop.Functional.Tests.Cli.CliRunner;

namespace Backprop.Functional.Tests.Cli;

/// <summary>`predict`: a trained model on the rows of a CSV file with the training file's columns.</summary>
[Collection("Console")]
public class PredictCommandTests
{
    [Fact]
    public void A_regression_predicts_in_the_targets_units_from_columns_in_any_order()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", Fixture("houses.csv"), "--target", "price", "--hidden", "none", "--lr", "0.05", "--epochs", "60", "--out", run.Path).Code);
        var (code, output, error) = Run("predict", "--params", run["params.safetensors"], "--data", Fixture("houses-new.csv"));
        Assert.True(code == 0, error);
        var lines = output.Trim().Split('\n');
        Assert.Equal("line,predicted", lines[0]);
        // price = 150 sqft + 10000 bedrooms - 900 age + 50000: 371,000 and 117,000 dollars.
        Assert.InRange(double.Parse(lines[1].Split(',')[1], CultureInfo.InvariantCulture), 370_000, 372_000);
        Assert.InRange(double.Parse(lines[2].Split(',')[1], CultureInfo.InvariantCulture), 116_000, 118_000);
        var withActual = Run("predict", "--params", run["checkpoint.safetensors"], "--data", Fixture("houses.csv"), "--out", run["predictions.csv"]);
        Assert.True(withActual.Code == 0, withActual.Error);
        var written = File.ReadAllLines(run["predictions.csv"]);
        Assert.Equal("line,predicted,actual", written[0]);
        Assert.Equal(201, written.Length);
        Assert.StartsWith("2,", written[1]);
    }

    [Fact]
    public void A_classifier_predicts_class_names_and_missing_columns_are_an_error()
    {
        using var run = Folder();
        Assert.Equal(0, Run("train", "--data", Fixture("species.csv"), "--epochs", "40", "--lr", "0.03", "--out", run.Path).Code);
        var (code, output, error) = Run("predict", "--params", run["params.safetensors"], "--data", Fixture("species.csv"));
        Assert.True(code == 0, error);
        var rows = output.Trim().Split('\n')[1..].Select(l => l.Split(',')).ToArray();
        Assert.Equal(60, rows.Length);
        Assert.All(rows, r => Assert.Contains(r[1], new[] { "setosa", "versicolor", "virginica" }));
        Assert.True(rows.Count(r => r[1] == r[2]) >= 57, $"{rows.Count(r => r[1] == r[2])} of 60 right");
        var (bad, _, message) = Run("predict", "--params", run["params.safetensors"], "--data", Fixture("houses.csv"));
        Assert.Equal(2, bad);
        Assert.Contains("no column 'length', 'width'; the model was trained on length, width", message);
    }
}
