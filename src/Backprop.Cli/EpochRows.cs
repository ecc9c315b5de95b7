using System.Globalization;

namespace Backprop.Cli;

/// <summary>
/// The per-epoch lines of a run: a header, then one row an epoch in fixed columns that fit an 80-column terminal.
/// A classifier's row has the train loss and the train and test accuracy; a regression's the train and test loss on the
/// standardised target and the test RMSE, MAE and R² in the target's units. Both end with the learning rate and the time.
/// </summary>
internal static class EpochRows
{
    public static string Header(bool regression) =>
        regression ? Format("epoch", "loss", $"{"test loss",9}  {"RMSE",9}  {"MAE",9}  {"R²",7}", "lr", "time")
        : Format("epoch", "loss", $"{"train acc",9}  {"test acc",9}", "lr", "time");

    public static string Line(MetricsRow row, bool regression) =>
        Format(row.Epoch.ToString(CultureInfo.InvariantCulture), G4(row.TrainLoss),
            regression
                ? $"{G4(row.TestLoss),9}  {ScoreText.Compact(row.TestScores[0]),9}  {ScoreText.Compact(row.TestScores[1]),9}  {ScoreText.Fixed(row.TestScores[2], 3),7}"
                : $"{Percent(row.TrainAccuracy),9}  {Percent(row.TestScores[0]),9}",
            row.LearningRate.ToString("G3", CultureInfo.InvariantCulture), row.Seconds.ToString("F1", CultureInfo.InvariantCulture) + " s");

    private static string G4(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("P2", CultureInfo.InvariantCulture);

    private static string Format(string epoch, string loss, string scores, string lr, string time) =>
        $"{epoch,5}  {loss,8}  {scores}  {lr,-8}  {time,7}";
}
