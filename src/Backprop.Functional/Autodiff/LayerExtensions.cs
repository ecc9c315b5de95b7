using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Autodiff;

/// <summary>Point-free composition of layers, defined on the monad (Kleisli composition), and ways to run them.</summary>
public static class LayerExtensions
{
    /// <summary>f then g: x ↦ from y in f(x) from z in g(y) select z.</summary>
    public static Layer<T> Then<T>(this Layer<T> f, Layer<T> g) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x => f(x).SelectMany(y => g(y));

    /// <summary>The layers in order, each feeding the next.</summary>
    public static Layer<T> Sequential<T>(params Layer<T>[] layers) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        layers.Length == 0 ? Diff.Pure<T, Var<T>> : layers.Aggregate(Then);

    /// <summary>Wraps the layer in a named scope, so its parameters read "name_1/...".</summary>
    public static Layer<T> Named<T>(this Layer<T> f, string name) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        x => Diff.Scope(name, f(x));

    /// <summary>Parameters for this layer, made from a key and a sample input (which fixes the input shapes).</summary>
    public static Fin<Params<T>> Init<T>(this Layer<T> f, Key key, Tensor<T> sample) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Init(f(sample), key);

    /// <summary>The layer's output for an input, in evaluation mode.</summary>
    public static Fin<Tensor<T>> Predict<T>(this Layer<T> f, Params<T> parameters, Tensor<T> x, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Diff.Run(f(x), parameters, state: state).Map(y => y.Value);
}
