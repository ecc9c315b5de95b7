using System.Numerics;
using Backprop.Functional.Autodiff;

namespace Backprop.Functional.Layers;

/// <summary>
/// A residual block: y = f(x) + x. The skip connection uses x twice, so its cotangent is the sum of the one
/// through f and the one through the skip: the gradient reaches x undiminished however deep f is.
/// Inputs: x, of the shape f expects.
/// Returns: y of x's shape (f must keep the shape).
/// Parameters: f's, under "residual_n/".
/// State: f's.
/// </summary>
public static class Residual
{
    public static Layer<T> Create<T>(Layer<T> f, string name = "residual") where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x => Diff.Scope(name,
            from h in f(x)
            from y in Ops.Add(h, x)
            select y);
}
