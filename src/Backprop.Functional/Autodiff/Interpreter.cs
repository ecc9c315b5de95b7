using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Autodiff;

/// <summary>Runs programs forward (a loop, not recursion) and the tape backward.</summary>
internal static class Interpreter
{
    /// <summary>Runs a program on a tape; expected failures come back as an error naming the scope.</summary>
    public static Fin<A> Run<T, A>(Diff<T, A> program, Tape<T> tape) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        try
        {
            return (A)Loop(program.Node, tape)!;
        }
        catch (Exception e) when (e is ShapeException or DiffException)
        {
            var where = tape.ScopePath;
            return Error.New(where.Length == 0 || e is DiffException { NamesScope: true } ? e.Message : $"{where}: {e.Message}");
        }
    }

    private static object? Loop<T>(DiffNode<T> root, Tape<T> tape) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var frames = tape.Scratch.Frames;
        var node = root;
        while (true)
        {
            object? value;
            switch (node)
            {
                case BindNode<T> bind:
                    frames.Push(new(bind.Then, null, Bind));
                    node = bind.First;
                    continue;
                case BindMapNode<T> bindMap:
                    frames.Push(new(bindMap.Then, null, Project));
                    node = bindMap.First;
                    continue;
                case MapNode<T> map:
                    frames.Push(new(map.Map, null, Map));
                    node = map.First;
                    continue;
                case StepNode<T> step:
                    value = step.Step(tape);
                    break;
                case PureNode<T> pure:
                    value = pure.Value;
                    break;
                default:
                    throw new InvalidOperationException($"unknown program node {node}");
            }
            while (true)                                  // hand the value to the frames until one gives a program to run
            {
                if (frames.Count == 0) return value;
                var f = frames.Pop();
                switch (f.Kind)                           // the kind says the continuation's type: no cast checks in the loop
                {
                    case Bind:
                        node = Unsafe.As<Func<object?, DiffNode<T>>>(f.Continuation)(value);
                        break;
                    case Map:
                        value = Unsafe.As<Func<object?, object?>>(f.Continuation)(value);
                        continue;
                    case Project:
                        frames.Push(f with { A = value, Kind = Projected });
                        node = Unsafe.As<Projection<T>>(f.Continuation).Next(value);
                        break;
                    default:
                        value = Unsafe.As<Projection<T>>(f.Continuation).Project(f.A, value);
                        continue;
                }
                break;
            }
        }
    }

    /// <summary>
    /// What to do with a value: bind it (a BindNode's Then), map it (a MapNode's Map), or, for a projection, run its
    /// next program (Project: a has just arrived) or project (a, b) once that program's value b arrives (Projected).
    /// </summary>
    internal readonly record struct Frame(object Continuation, object? A, byte Kind);

    private const byte Bind = 0, Map = 1, Project = 2, Projected = 3;

    /// <summary>
    /// The backward pass: seeds the output's cotangent and walks the tape in reverse, calling each
    /// pullback once. A value used twice receives the sum of its cotangents. Returns the
    /// cotangent of every leaf by name (zero where no path led to it). An <paramref name="observer"/>, when
    /// given, sees each node reached, in order: its index, its entry, the cotangent that reached it and the
    /// ones it sent to its inputs x and y (null where it sent none); chain-rule traces are built from it.
    /// In a run with an arena, the library's pullbacks rent from it; a user's pullback runs outside it, and the
    /// cotangent it is given is kept. A pullback that fails as expected (a cotangent of the wrong shape or number)
    /// comes back as an error naming the scope of its node.
    /// </summary>
    public static Fin<Dictionary<string, Tensor<T>>> Backward<T>(Tape<T> tape, Var<T> output, Tensor<T> seed,
        Action<int, TapeEntry<T>, Tensor<T>, Tensor<T>?, Tensor<T>?>? observer = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var entries = tape.Entries;
        var cotangents = tape.Scratch.Cotangents(entries.Count);
        if (!output.IsConstant) cotangents[output.Node] = seed;
        var leaves = tape.Scratch.Leaves();
        var arena = tape.Arena;
        var saved = TensorArena<T>.Swap(arena);
        var node = entries.Count - 1;
        try
        {
            for (; node >= 0; node--)
                Visit(node);
        }
        catch (Exception e) when (e is ShapeException or DiffException)
        {
            var scope = entries[node].Scope;
            return Error.New(scope.Length == 0 || e is DiffException { NamesScope: true } ? e.Message : $"{scope}: {e.Message}");
        }
        finally
        {
            TensorArena<T>.Swap(saved);
        }
        return leaves;

        void Visit(int i)
        {
            var g = cotangents[i];
            var e = entries[i];
            if (g is null) return;
            if (e.Leaf is not null)
            {
                leaves[e.Leaf] = g;
                observer?.Invoke(i, e, g, null, null);
                return;
            }
            cotangents[i] = null;                       // done with it: let it be collected
            Tensor<T>? gx, gy;
            if (e.User && arena is not null)
            {
                arena.Keep(g);
                TensorArena<T>.Swap(null);
                try { (gx, gy) = (e.PullbackX?.Invoke(g), e.PullbackY?.Invoke(g)); }
                finally { TensorArena<T>.Swap(arena); }
            }
            else (gx, gy) = (e.PullbackX?.Invoke(g), e.PullbackY?.Invoke(g));
            if (gx is not null) Accumulate(cotangents, e.X, gx);
            if (gy is not null) Accumulate(cotangents, e.Y, gy);
            observer?.Invoke(i, e, g, gx, gy);
        }
    }

    /// <summary>
    /// The tape replayed forwards as a linear map: seeds the leaves' tangents by name and walks the tape in order,
    /// pushing each node's input tangents through its pushforwards and adding them up (the chain rule read forwards).
    /// Returns the output's tangent (zeros where no seed reaches it). A node whose rule gave a pullback only is an error.
    /// </summary>
    public static Tensor<T> Forward<T>(Tape<T> tape, Var<T> output, IReadOnlyDictionary<string, Tensor<T>> seeds)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (output.IsConstant) return Tensor<T>.Zeros(output.Shape);
        var entries = tape.Entries;
        var tangents = new Tensor<T>?[output.Node + 1];
        for (var i = 0; i <= output.Node; i++)
        {
            var e = entries[i];
            tangents[i] = e.Leaf is not null ? seeds.GetValueOrDefault(e.Leaf)
                : Add(Through(e.X, e.PullbackX, e.PushforwardX, e), Through(e.Y, e.PullbackY, e.PushforwardY, e));
        }
        return tangents[output.Node] ?? Tensor<T>.Zeros(output.Shape);

        Tensor<T>? Through(int input, Delegate? pullback, Func<Tensor<T>, Tensor<T>>? pushforward, TapeEntry<T> e) =>
            pullback is null || tangents[input] is not { } dx ? null
            : pushforward is null ? throw new DiffException($"{e.Name ?? "a rule"} gives a pullback only: forward mode needs its pushforward")
            : pushforward(dx);

        static Tensor<T>? Add(Tensor<T>? a, Tensor<T>? b) => a is null ? b : b is null ? a : a + b;
    }

    private static void Accumulate<T>(Tensor<T>?[] cotangents, int node, Tensor<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        cotangents[node] = cotangents[node] is { } existing ? existing + (existing.Shape == g.Shape ? g
            : throw new ShapeException($"cotangents of one value have shapes {existing.Shape} and {g.Shape}")) : g;
}
