using System.Numerics;
using Backprop.Functional.Autodiff;

namespace Backprop.Functional.Layers;

/// <summary>
/// Flatten: keeps the batch axis and joins the others (a reshape; no data moves), e.g. between convolutions and dense layers.
/// Inputs: x [batch, d1, d2, ...].
/// Returns: [batch, d1·d2·...].
/// Parameters: none.
/// State: none.
/// </summary>
public static class Flatten
{
    public static Layer<T> Create<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> => Ops.Flatten;
}
