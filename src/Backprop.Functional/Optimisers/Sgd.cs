using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>Plain stochastic gradient descent as a pure update: θ ← θ − η·∇L.</summary>
public static class Sgd
{
    /// <summary>
    /// One SGD step, θ − η·g: <see cref="Optimiser.Sgd{T}(T)"/> (a stateless transformation) applied once.
    /// Throws <see cref="ArgumentOutOfRangeException"/> when η is not positive and finite.
    /// </summary>
    public static Params<T> Step<T>(Params<T> parameters, Params<T> grads, T learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Optimiser.Sgd(learningRate).Step(parameters, grads, EmptyState<T>.Instance).Params;
}
