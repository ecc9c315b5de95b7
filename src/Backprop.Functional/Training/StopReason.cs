namespace Backprop.Functional.Training;

/// <summary>
/// Why a training run ended: the kind, and a sentence saying where and what. For <see cref="StopKind.Diverged"/>,
/// also the rejected step's loss and the bound it exceeded (NaN otherwise).
/// </summary>
public sealed record StopReason(StopKind Kind, string Detail)
{
    public double Loss { get; init; } = double.NaN;

    public double Bound { get; init; } = double.NaN;

    public override string ToString() => $"{Kind}: {Detail}";
}
