namespace Backprop.Functional.Training;

/// <summary>
/// The summary of an epoch: mean training loss and accuracy over its batches (each batch counted once), and the
/// validation loss and accuracy at the epoch's end, in evaluation mode (NaN when there is no validation set or no accuracy).
/// </summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy);
