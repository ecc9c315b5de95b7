using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Training;

/// <summary>
/// One point of a training run: parameters after <see cref="Step"/> updates, the key for what follows, and the step's loss.
/// Stopped: null while running; set on the last state when a batch could not be used (the state before it).
/// </summary>
public sealed record TrainState<T>(Params<T> Params, Key Key, int Step, T Loss, StopReason? Stopped = null)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
