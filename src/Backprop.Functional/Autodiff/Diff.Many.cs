using System.Numerics;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

public static partial class Diff
{
    /// <summary>
    /// Lifts a rule of any number of inputs: <paramref name="rule"/> takes the input values in order and returns the
    /// output with a pullback giving one cotangent per input, in the same order. A linear layer x·Wᵀ + b is one rule
    /// of three inputs; its pullback returns [dx, dW, db].
    /// </summary>
    public static Diff<T, Var<T>> Lift<T>(Func<IReadOnlyList<Tensor<T>>, Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>>> rule, params Var<T>[] inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Lift(null, rule, inputs);

    /// <summary>As above, naming the node (e.g. "linear") for chain-rule traces.</summary>
    public static Diff<T, Var<T>> Lift<T>(string? name, Func<IReadOnlyList<Tensor<T>>, Pulled<Tensor<T>, IReadOnlyList<Tensor<T>>>> rule, params Var<T>[] inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        inputs.Length == 0 ? throw new ArgumentException("a rule needs at least one input", nameof(inputs))
        : Step<T, Var<T>>(tape => tape.RecordMany(rule([.. inputs.Select(v => v.Value)]), inputs, name));
}
