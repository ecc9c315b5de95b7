using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>Checks shared by the layers: argument checks when a layer is built, input checks when it first runs.</summary>
internal static class Expect
{
    /// <summary>The input itself when its rank is <paramref name="rank"/>, else a shape error (named by the scope) saying what the layer needs.</summary>
    public static Diff<T, Var<T>> Rank<T>(Var<T> x, int rank, string needs) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x.Shape.Rank == rank ? Diff.Pure<T, Var<T>>(x)
        : Diff.Step<T, Var<T>>(_ => throw new ShapeException($"{needs}, got {x.Shape}"));

    /// <summary>The input itself when it is a sequence [batch, time, features] of at least one step, else a shape error saying so.</summary>
    public static Diff<T, Var<T>> Sequence<T>(Var<T> x, string layer) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from _ in Rank(x, 3, $"{layer} needs input [batch, time, features]")
        from y in x.Shape[1] > 0 ? Diff.Pure<T, Var<T>>(x)
            : Diff.Step<T, Var<T>>(_ => throw new ShapeException($"{layer} needs at least one time step, got input {x.Shape}"))
        select y;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the layer unless <paramref name="value"/> is positive.</summary>
    public static int Positive(int value, string parameter, string layer) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(parameter, value, $"{layer}: {parameter} must be positive");

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the layer unless low ≤ value &lt; high (or ≤ high when <paramref name="closed"/>).</summary>
    public static double InRange(double value, double low, double high, string parameter, string layer, bool closed = false) =>
        value >= low && (value < high || (closed && value <= high)) ? value
        : throw new ArgumentOutOfRangeException(parameter, value,
            $"{layer}: {parameter} must be in [{low}, {high}{(closed ? "]" : ")")}, got {value}");
}
