using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>Plain stochastic gradient descent as a pure update: θ ← θ − η·∇L.</summary>
public static class Sgd
{
    public static Params<T> Step<T>(Params<T> parameters, Params<T> grads, T learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        T.IsFinite(learningRate) && learningRate > T.Zero
            ? parameters.Zip(grads, (p, g) => p.AddScaled(g, -learningRate))
            : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be positive and finite");
}
