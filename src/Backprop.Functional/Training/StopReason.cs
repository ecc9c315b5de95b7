namespace Backprop.Functional.Training;

/// <summary>
/// Why a training run ended: the kind, and a sentence saying where and what. A run stopped by
/// <see cref="TrainSettings.MaxLoss"/> ends with the <see cref="Divergence"/> case, which also carries the numbers.
/// </summary>
public record StopReason(StopKind Kind, string Detail)
{
    public sealed override string ToString() => $"{Kind}: {Detail}";
}
