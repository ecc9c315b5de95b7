using System.Text.Json;
using Backprop.Cli;
using Xunit;
using static Backprop.Functional.Tests.Cli.CliRunner;

namespace Backprop.Functional.Tests.Cli;

/// <summary>`train` on CSV files with a header: regression targets, text columns, empty cells, the task chosen from the target.</summary>
[Collection("Console")]
public class RegressionTests
{
    private static JsonElement Summary(CliRunner.TempFolder run) => JsonDocument.Parse(File.ReadAllText(run["summary.json"])).RootElement;

    [Fact]
    public void A_diverging_regression_prints_its_huge_R2_to_four_significant_digits_in_rows_that_fit_80_columns()
    {
        using var run = Folder();
        var (_, output, _) = Run("train", "--data", Fixture("houses.csv"), "--optimiser", "sgd", "--lr", "0.3", "--max-loss", "1e30",
            "--hidden", "16", "--epochs", "6", "--threads", "1", "--out", run.Path);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var header = Array.IndexOf(lines, "epoch      loss  test loss       RMSE        MAE       R²  lr           time");
        Assert.True(header >= 0, output);
        var rows = lines.Skip(header + 1).TakeWhile(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ *\d+ ")).ToArray();
        Assert.Equal(2, rows.Length);                                           // epoch 2 went non-finite, epoch 3 stopped
        Assert.All(rows, r => Assert.True(r.Length < 80, $"{r.Length} columns: {r}"));
        var r2 = rows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5]).ToArray();
        Assert.Equal("-2.42E+45", r2[1]);                                       // the run's R² went far below −1e6
        Assert.Matches(@"^-?\d+\.\d{3}$", r2[0]);                                 // a readable one keeps its 3 decimals
        Assert.Contains("R² -2.42E+45 in", output);                             // and so does the summary
        var rmse = rows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]).ToArray();
        Assert.Matches(@"^\d{4,6}$", rmse[0]);                                    // dollars: whole, without an exponent
        Assert.Equal("7.169E+27", rmse[1]);
    }

    [Fact]
    public void House_prices_in_whole_dollars_are_a_regression_and_a_linear_model_fits_them()
    {
        using var run = Folder();
        var (code, output, error) = Run("train", "--data", Fixture("houses.csv"), "--target", "price", "--hidden", "none", "--lr", "0.05",
            "--epochs", "60", "--out", run.Path);
        Assert.True(code == 0, error);
        Assert.Contains("target 'price': regression (198 distinct whole numbers, more than 20; --task classification if they are classes)", output);
        Assert.Contains("features: 'sqft', 'bedrooms', 'age'", output);
        Assert.Contains("3-1 relu (4 parameters)", output);
        var summary = Summary(run);
        Assert.Equal("regression", summary.GetProperty("task").GetString());
        Assert.False(summary.TryGetProperty("test_accuracy", out _));
        // price = 150 sqft + 10000 bedrooms - 900 age + 50000 exactly: the fit is exact up to float rounding.
        Assert.InRange(summary.GetProperty("test_r2").GetDouble(), 0.9999, 1.0);
        Assert.InRange(summary.GetProperty("test_rmse").GetDouble(), 0, 500);
        Assert.Equal("epoch,step,train_loss,test_loss,test_rmse,test_mae,test_r2,lr,seconds", File.ReadLines(run["metrics.csv"]).First());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(run["predicted-vs-actual.png"])[..4]);
    }

    [Fact]
    public void The_huber_loss_trains_a_regression_and_is_the_loss_reported()
    {
        using var mse = Folder();
        using var huber = Folder();
        string[] args = ["train", "--data", Fixture("cars.csv"), "--target", "Miles_per_Gallon", "--missing", "drop", "--epochs", "5"];
        Assert.Equal(0, Run([.. args, "--out", mse.Path]).Code);
        var (code, _, error) = Run([.. args, "--loss", "huber", "--out", huber.Path]);
        Assert.True(code == 0, error);
        var (a, b) = (Summary(mse), Summary(huber));
        // Huber(e) ≤ e²/2 < e²: the same start gives a smaller Huber loss, and a model that still predicts (R² > 0).
        Assert.True(b.GetProperty("final_loss").GetDouble() < a.GetProperty("final_loss").GetDouble());
        Assert.InRange(b.GetProperty("test_r2").GetDouble(), 0, 1);
    }

    [Fact]
    public void Cars_with_empty_cells_are_an_error_listing_them_unless_dropped()
    {
        using var run = Folder();
        var cars = Fixture("cars.csv");
        var (code, _, error) = Run("train", "--data", cars, "--target", "Miles_per_Gallon", "--out", run.Path);
        Assert.Equal(2, code);
        Assert.Equal($"error: {cars}: 14 rows have empty cells (line 12, column 2 ('Miles_per_Gallon'); line 13, column 2 ('Miles_per_Gallon'); " +
                     "line 14, column 2 ('Miles_per_Gallon'); line 15, column 2 ('Miles_per_Gallon'); line 16, column 2 ('Miles_per_Gallon'); 9 more); " +
                     "pass --missing drop to leave those rows out", error.Trim());
        Assert.False(Directory.Exists(run.Path));
        var (dropped, output, error2) = Run("train", "--data", cars, "--target", "Miles_per_Gallon", "--missing", "drop", "--epochs", "30", "--out", run.Path);
        Assert.True(dropped == 0, error2);
        Assert.Contains("dropped 14 of 406 rows with empty cells (--missing drop)", output);
        Assert.Contains("column 'Name': text with 300 distinct values, left out", output);
        Assert.Contains("'Origin' one-hot (Europe, Japan, USA)", output);
        Assert.Contains("314 train / 78 test, regression", output);
        Assert.InRange(Summary(run).GetProperty("test_rmse").GetDouble(), 0, 5);
    }

    [Theory]
    [InlineData("houses.csv", "--target cost", "--target 'cost': {0} has no such column; its header names sqft, bedrooms, age, price")]
    [InlineData("houses.csv", "--target price --task classification", "--target 'price': 198 classes among 200 rows, more than a tenth of the rows; pass --task regression if the values are amounts")]
    [InlineData("fraction-target.csv", "--task classification", "{0}, line 2, column 3 ('score'): '0.25' is not a whole number; classes must be whole numbers or names (use --task regression for amounts)")]
    [InlineData("species.csv", "--task regression", "{0}, line 2, column 3 ('species'): 'setosa' is not a number; a regression target must be numbers")]
    [InlineData("houses.csv", "--task sideways", "--task 'sideways': expected auto, regression or classification")]
    [InlineData("houses.csv", "--missing fill", "--missing 'fill': expected error or drop")]
    [InlineData("houses.csv", "--loss l1", "--loss 'l1': expected mse or huber")]
    public void Wrong_targets_and_tasks_are_one_line_errors(string fixture, string args, string message)
    {
        using var run = Folder();
        var (code, _, error) = Run(["train", "--data", Fixture(fixture), .. args.Split(' '), "--out", run.Path]);
        Assert.Equal(2, code);
        Assert.Equal($"error: {string.Format(message, Fixture(fixture))}", error.Trim());
        Assert.False(Directory.Exists(run.Path));
    }

    [Fact]
    public void A_text_target_is_classes_by_name_and_labels_with_gaps_can_be_renumbered()
    {
        using var run = Folder();
        var (code, output, error) = Run("train", "--data", Fixture("species.csv"), "--epochs", "2", "--out", run.Path);
        Assert.True(code == 0, error);
        Assert.Contains("target 'species': classification (its values are text)", output);
        Assert.Contains("3 classes", output);
        using var gaps = Folder();
        var (relabelled, text, error2) = Run("train", "--data", Fixture("gaps.csv"), "--relabel", "--epochs", "1", "--out", gaps.Path);
        Assert.True(relabelled == 0, error2);
        Assert.Contains("labels renumbered 0→0, 5→1, 10→2", text);
    }
}
