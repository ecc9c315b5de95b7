using System.Numerics;
using Backprop.Functional.Rules;

namespace Backprop.Functional.Autodiff;

/// <summary>The rules lifted into the monad: each runs forward and tapes its pullback.</summary>
public static class Ops
{
    public static Diff<T, Var<T>> Add<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Add, x, y);
    public static Diff<T, Var<T>> Subtract<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Subtract, x, y);
    public static Diff<T, Var<T>> Multiply<T>(Var<T> x, Var<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Multiply, x, y);
    public static Diff<T, Var<T>> MatMul<T>(Var<T> a, Var<T> b) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.MatMul, a, b);
    public static Diff<T, Var<T>> AddBias<T>(Var<T> x, Var<T> b) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.AddBias, x, b);
    public static Diff<T, Var<T>> Sum<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Sum, x);
    public static Diff<T, Var<T>> Mean<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Mean, x);
    public static Diff<T, Var<T>> Relu<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Relu, x);
    public static Diff<T, Var<T>> Sigmoid<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Sigmoid, x);
    public static Diff<T, Var<T>> Softmax<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Softmax, x);
    public static Diff<T, Var<T>> Tanh<T>(Var<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> => Diff.Lift(Rules.Rules.Tanh, x);
}
