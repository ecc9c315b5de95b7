using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Training;

/// <summary>The best parameters seen so far (lowest monitored loss at an epoch's end), with their layer state.</summary>
public sealed record BestSnapshot<T>(Params<T> Params, Params<T> LayerState, int Epoch, double Loss)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
