using System.Globalization;

namespace Backprop.Cli;

/// <summary>
/// One line of metrics.csv: an epoch's mean training loss (and accuracy, for a classifier) over its batches, the test
/// loss and scores (evaluation mode; accuracy, or RMSE, MAE and R² for regression), learning rate, time.
/// </summary>
public sealed record MetricsRow(int Epoch, int Step, double TrainLoss, double TrainAccuracy, double TestLoss, double[] TestScores, double LearningRate, double Seconds)
{
    public const string Header = "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,lr,seconds";

    /// <summary>The header for the given test scores (no train_accuracy without an accuracy score).</summary>
    public static string HeaderFor(string[] scores) =>
        scores is ["accuracy"] ? Header : $"epoch,step,train_loss,test_loss,{string.Join(",", scores.Select(s => $"test_{s}"))},lr,seconds";

    [System.Text.Json.Serialization.JsonIgnore]
    public double TestAccuracy => TestScores is [var a] ? a : double.NaN;

    public string ToCsv(string[] scores) => string.Create(CultureInfo.InvariantCulture,
        $"{Epoch},{Step},{TrainLoss:R},{(scores is ["accuracy"] ? $"{TrainAccuracy:R}," : "")}{TestLoss:R},{string.Join(",", TestScores.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))},{LearningRate:R},{Seconds:F3}");
}
