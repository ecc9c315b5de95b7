using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Autodiff;

/// <summary>The building blocks of programs: pure values, parameters, scopes, keys, lifted rules.</summary>
public static partial class Diff
{
    public static Diff<T, A> Pure<T, A>(A value) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(new PureNode<T>(value));

    /// <summary>A primitive step that reads or extends the tape. The only way programs touch it.</summary>
    internal static Diff<T, A> Step<T, A>(Func<Tape<T>, A> step) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        new(new StepNode<T>(typeof(A).IsValueType ? tape => step(tape)
            : Unsafe.As<Func<Tape<T>, object?>>(step)));   // a step giving a reference is one already (delegate variance)

    /// <summary>
    /// The parameter <paramref name="name"/> of the current scope (its path is "scope/name"), read from
    /// the tree, or, when initialising, made by <paramref name="init"/> from a fresh key.
    /// </summary>
    public static Diff<T, Var<T>> Param<T>(string name, Shape shape, Func<Key, Shape, Tensor<T>> init)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Var<T>>(tape => tape.Param(name, shape, init));

    /// <summary>Runs <paramref name="body"/> inside a uniquely numbered scope ("dense" → "dense_1", "dense_2", ...).</summary>
    public static Diff<T, A> Scope<T, A>(string name, Diff<T, A> body) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from _ in Step<T, string>(tape => tape.EnterScope(name))
        from a in body
        from __ in Step<T, bool>(tape => { tape.LeaveScope(); return true; })
        select a;

    /// <summary>A key no other part of the program receives: the monad splits the run's key for you.</summary>
    public static Diff<T, Key> FreshKey<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Step<T, Key>(tape => tape.NextKey());

    /// <summary>True while training, false in evaluation (dropout and batch norm read this).</summary>
    public static Diff<T, bool> IsTraining<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Step<T, bool>(tape => tape.Training);

    /// <summary>The current scope's path, e.g. "mlp_1/dense_2".</summary>
    public static Diff<T, string> ScopePath<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Step<T, string>(tape => tape.ScopePath);

    /// <summary>Reads the state tensor <paramref name="name"/> of this scope (made by <paramref name="init"/> when initialising).</summary>
    public static Diff<T, Tensor<T>> ReadState<T>(string name, Shape shape, Func<Shape, Tensor<T>> init)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Tensor<T>>(tape => tape.ReadState(name, shape, init));

    /// <summary>Replaces the state tensor <paramref name="name"/> of this scope in the state the run returns.</summary>
    public static Diff<T, Tensor<T>> WriteState<T>(string name, Tensor<T> value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Tensor<T>>(tape => { tape.WriteState(name, value); return value; });

    /// <summary>One of the library's own rules: runs it forward now, in the run's arena, and tapes its pullback.</summary>
    internal static Diff<T, Var<T>> Primitive<T>(string name, Func<Tensor<T>, Pulled<Tensor<T>, Tensor<T>>> rule, Var<T> x,
        Func<IReadOnlyDictionary<string, object>>? settings = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Var<T>>(tape => tape.Primitive(name, rule, x, settings));

    /// <summary>As above, for a two-input rule.</summary>
    internal static Diff<T, Var<T>> Primitive<T>(string name, Func<Tensor<T>, Tensor<T>, Pulled2<Tensor<T>, Tensor<T>, Tensor<T>>> rule, Var<T> x, Var<T> y,
        Func<IReadOnlyDictionary<string, object>>? settings = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Var<T>>(tape => tape.Primitive(name, rule, x, y, settings));

    /// <summary>Lifts a one-input rule: runs it forward now and tapes its pullback.</summary>
    public static Diff<T, Var<T>> Lift<T>(Func<Tensor<T>, Pulled<Tensor<T>, Tensor<T>>> rule, Var<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Var<T>>(tape => tape.Record(rule(x.Value), x));

    /// <summary>Lifts a two-input rule: runs it forward now and tapes both pullbacks.</summary>
    public static Diff<T, Var<T>> Lift<T>(Func<Tensor<T>, Tensor<T>, Pulled2<Tensor<T>, Tensor<T>, Tensor<T>>> rule, Var<T> x, Var<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Var<T>>(tape => tape.Record(rule(x.Value, y.Value), x, y));

    /// <summary>As <see cref="Lift{T}(Func{Tensor{T}, Pulled{Tensor{T}, Tensor{T}}}, Var{T})"/>, naming the node (e.g. "relu") for chain-rule traces.</summary>
    public static Diff<T, Var<T>> Lift<T>(string name, Func<Tensor<T>, Pulled<Tensor<T>, Tensor<T>>> rule, Var<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Var<T>>(tape => tape.Record(rule(x.Value), x, name));

    /// <summary>As the two-input Lift, naming the node (e.g. "matmul") for chain-rule traces.</summary>
    public static Diff<T, Var<T>> Lift<T>(string name, Func<Tensor<T>, Tensor<T>, Pulled2<Tensor<T>, Tensor<T>, Tensor<T>>> rule, Var<T> x, Var<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Step<T, Var<T>>(tape => tape.Record(rule(x.Value, y.Value), x, y, name));
}
