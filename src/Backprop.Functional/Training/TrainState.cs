using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Training;

/// <summary>One point of a training run: parameters after <see cref="Step"/> updates, the key for what follows, and the step's loss.</summary>
public sealed record TrainState<T>(Params<T> Params, Key Key, int Step, T Loss)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
