using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Dense (fully connected): y = x·W + b.
/// Inputs: x [batch, in]. Returns: y [batch, units].
/// Parameters: "w" [in, units] (Glorot uniform unless given), "b" [units] (zeros).
/// State: none.
/// </summary>
public static class Dense
{
    public static Layer<T> Create<T>(int units, Func<Key, Shape, Tensor<T>>? init = null, string name = "dense")
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, $"{name}: units must be positive");
        var weightInit = init ?? Initialisers.GlorotUniform<T>();
        return x => Diff.Scope(name,
            from _ in Expect(x)
            from w in Diff.Param("w", new Shape(x.Shape[-1], units), weightInit)
            from b in Diff.Param("b", new Shape(units), Initialisers.Zeros<T>())
            from h in Ops.MatMul(x, w)
            from y in Ops.AddBias(h, b)
            select y);
    }

    private static Diff<T, Var<T>> Expect<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x.Shape.Rank == 2 ? Diff.Pure<T, Var<T>>(x)
        : Diff.Step<T, Var<T>>(_ => throw new ShapeException($"dense needs input [batch, features], got {x.Shape}"));
}
