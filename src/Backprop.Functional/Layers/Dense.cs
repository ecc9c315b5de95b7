using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
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
        var zeros = Initialisers.Zeros<T>();
        // One step of the program with the tape entries of
        //   Diff.Scope(name, from w in Diff.Param("w", ...) from b in Diff.Param("b", ...) from h in Ops.MatMul(x, w) from y in Ops.AddBias(h, b) select y)
        // (the same scope, parameters, rules, pullbacks and traced ops), without building and interpreting a node per clause
        // each call: the most used layer, and in a small network that per-call cost is a good part of a training step.
        // A shape error leaves the scope entered, as it does in the query, so the message names it.
        return x => Diff.Step<T, Var<T>>(tape =>
        {
            tape.EnterScope(name);
            if (x.Shape.Rank != 2) throw new ShapeException($"dense needs input [batch, features], got {x.Shape}");
            var w = tape.Param("w", new Shape(x.Shape[-1], units), weightInit);
            var b = tape.Param("b", new Shape(units), zeros);
            var y = tape.Primitive("add_bias", Rule.AddBias, tape.Primitive("matmul", Rule.MatMul, x, w), b);
            tape.LeaveScope();
            return y;
        });
    }
}
