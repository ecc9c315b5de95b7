namespace Backprop.Functional.Training;

/// <summary>Why a training run ended: the kind, and a sentence saying where and what.</summary>
public sealed record StopReason(StopKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}
