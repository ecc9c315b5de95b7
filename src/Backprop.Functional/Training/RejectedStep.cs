namespace Backprop.Functional.Training;

/// <summary>
/// A step that could not be kept (<see cref="StopKind.NonFinite"/> or <see cref="StopKind.Failed"/>): the sentence, and
/// its <paramref name="Cause"/> alone ("the loss is NaN"), without the step and epoch, so a caller that counts steps
/// from elsewhere (a resumed run) can say where in its own numbers.
/// </summary>
public sealed record RejectedStep(StopKind Kind, string Detail, string Cause) : StopReason(Kind, Detail);
