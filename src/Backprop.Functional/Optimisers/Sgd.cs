using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>Plain stochastic gradient descent as a pure update: θ ← θ − η·∇L.</summary>
public static class Sgd
{
    /// <summary>
    /// One SGD step, θ − η·g in one fused pass per tensor (the same as <see cref="Optimiser.Sgd{T}(T)"/> applied once).
    /// Throws <see cref="ArgumentOutOfRangeException"/> when η is not positive and finite.
    /// </summary>
    public static Params<T> Step<T>(Params<T> parameters, Params<T> grads, T learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        parameters.Zip(grads, (p, g) => p.AddScaled(g, -Hyper.Positive("sgd", nameof(learningRate), learningRate)));
}
