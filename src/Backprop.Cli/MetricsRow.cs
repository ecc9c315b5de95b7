using System.Globalization;

namespace Backprop.Cli;

/// <summary>One line of metrics.csv: an epoch's mean training loss and accuracy (over its batches), test loss and accuracy (evaluation mode), learning rate, time.</summary>
public sealed record MetricsRow(int Epoch, int Step, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double LearningRate, double Seconds)
{
    public const string Header = "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,lr,seconds";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Epoch},{Step},{TrainLoss:R},{TrainAccuracy:R},{TestLoss:R},{TestAccuracy:R},{LearningRate:R},{Seconds:F3}");
}
