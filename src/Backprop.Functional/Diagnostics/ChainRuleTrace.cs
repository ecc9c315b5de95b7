using System.Collections.Immutable;
using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Diagnostics;

/// <summary>Runs one backward pass with an observer, so the chain rule can be read off node by node.</summary>
public static class ChainRuleTrace
{
    /// <summary>
    /// The loss and every node its backward pass reached, in order: the loss node first, the parameters' gradients
    /// as they become final. Runs in training mode, like <see cref="Diff.ValueAndGrad{T}"/>; meant for small networks
    /// (it keeps every cotangent).
    /// </summary>
    public static Fin<ChainRuleTrace<T>> Of<T>(Diff<T, Var<T>> loss, Params<T> parameters, Key? key = null, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = new Tape<T>(RunMode.Gradient, parameters, state ?? Params<T>.Empty, key, training: true);
        return Interpreter.Run(loss, tape).Bind(l => l.Shape.Size == 1
            ? Trace(tape, l).Map(steps => new ChainRuleTrace<T>(l.Value.ToScalar(), steps))
            : Error.New($"a chain-rule trace needs a scalar loss, got shape {l.Shape}"));
    }

    private static Fin<ImmutableArray<ChainRuleStep<T>>> Trace<T>(Tape<T> tape, Var<T> loss) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var entries = tape.Entries;
        var steps = ImmutableArray.CreateBuilder<ChainRuleStep<T>>();
        return Interpreter.Backward(tape, loss, Tensor<T>.Ones(loss.Shape), (i, e, g, gx, gy) =>
            steps.Add(new(steps.Count + 1, i, Label(e), e.Leaf is null ? e.Scope : "", e.Leaf is null ? e.Name ?? "?" : "", g.Shape, g,
                [.. Edge("x", e.X, gx), .. Edge("y", e.Y, gy)])))
            .Map(_ => steps.ToImmutable());

        IEnumerable<ChainRuleEdge<T>> Edge(string input, int node, Tensor<T>? g) =>
            g is null ? [] : [new(entries[node].Leaf ?? input, Label(entries[node]), g)];
    }

    private static string Label<T>(TapeEntry<T> e) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        e.Leaf ?? (e.Scope.Length == 0 ? e.Name ?? "?" : $"{e.Scope}/{e.Name ?? "?"}");
}
