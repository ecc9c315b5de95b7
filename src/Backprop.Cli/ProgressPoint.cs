namespace Backprop.Cli;

/// <summary>Where a training run is: the epoch (1-based) and step out of their totals, the epoch's running mean loss and accuracy, and speed.</summary>
public sealed record ProgressPoint(int Epoch, int Epochs, int Step, int TotalSteps, double Loss, double Accuracy, double StepsPerSecond)
{
    public TimeSpan Left => StepsPerSecond > 0 ? TimeSpan.FromSeconds((TotalSteps - Step) / StepsPerSecond) : TimeSpan.Zero;
}
