namespace Backprop.Functional.Training;

/// <summary>The <see cref="StopKind.Diverged"/> reason: the rejected step's loss and the bound it exceeded.</summary>
public sealed record Divergence(string Detail, double Loss, double Bound) : StopReason(StopKind.Diverged, Detail);
