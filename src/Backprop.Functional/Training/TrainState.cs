using System.Numerics;
using Backprop.Functional.Optimisers;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Training;

/// <summary>
/// One point of a training run with an optimiser: everything needed to continue it, as values.
/// Params: after <see cref="Step"/> updates. OptState: the optimiser's state (opaque; a checkpoint stores
/// <see cref="OptState{T}.ToParams"/>). LayerState: batch-norm statistics and the like. Key: for what follows.
/// Step: updates so far (1 after the first). Epoch: 1-based. Metrics: the step's loss, accuracy and per-layer
/// gradient norms. EpochEnd: set on the last step of an epoch. Best: the best checkpoint so far.
/// Stopped: null while running; set on the last state of the sequence, which holds the parameters to keep
/// (the best ones when stopped early; the last finite ones after a non-finite step).
/// </summary>
public sealed record TrainState<T>(
    Params<T> Params, OptState<T> OptState, Params<T> LayerState, Key Key, int Step, int Epoch,
    StepMetrics Metrics, EpochMetrics? EpochEnd = null, BestSnapshot<T>? Best = null, StopReason? Stopped = null)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
