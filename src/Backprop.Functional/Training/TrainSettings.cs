namespace Backprop.Functional.Training;

/// <summary>
/// How long to train and when to stop early.
/// Epochs: passes over the training data (≥ 1). Patience: stop after this many epochs without the monitored loss
/// (validation loss if there is a validation set, else the epoch's mean training loss) improving by more than
/// <paramref name="MinDelta"/>; 0 turns early stopping off.
/// </summary>
public sealed record TrainSettings(int Epochs, int Patience = 0, double MinDelta = 0.0)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    internal TrainSettings Validated() =>
        Epochs < 1 ? throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"train: epochs must be at least 1, got {Epochs}")
        : Patience < 0 ? throw new ArgumentOutOfRangeException(nameof(Patience), Patience, $"train: patience must be 0 (off) or positive, got {Patience}")
        : !(MinDelta >= 0) || double.IsInfinity(MinDelta) ? throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, $"train: min delta must be zero or positive, got {MinDelta}")
        : this;
}
