using System.Runtime.CompilerServices;
using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Autodiff;

public static partial class Diff
{
    /// <summary>
    /// Runs the program in init mode (Haiku/Flax style): every parameter it reads is made by its
    /// initialiser from a key split off <paramref name="key"/>. Shape errors surface here, once.
    /// </summary>
    public static Fin<Params<T>> Init<T, A>(Diff<T, A> program, Key key) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        InitWithState(program, key).Map(r => r.Params);

    /// <summary>As <see cref="Init{T,A}"/>, also returning the layer state (batch-norm statistics, say).</summary>
    public static Fin<(Params<T> Params, Params<T> State)> InitWithState<T, A>(Diff<T, A> program, Key key)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = new Tape<T>(RunMode.Init, Params<T>.Empty, Params<T>.Empty, key, training: true);
        return Interpreter.Run(program, tape).Map(_ => (tape.Parameters, tape.State));
    }

    /// <summary>Runs the program forward with the given parameters (no tape). Evaluation mode by default.</summary>
    public static Fin<A> Run<T, A>(Diff<T, A> program, Params<T> parameters, Key key = default, bool training = false, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Interpreter.Run(program, new Tape<T>(RunMode.Apply, parameters, state ?? Params<T>.Empty, key, training));

    /// <summary>The loss and its gradient with respect to every parameter (a tree shaped like the parameters).</summary>
    public static Fin<GradResult<T, Unit>> ValueAndGrad<T>(Diff<T, Var<T>> loss, Params<T> parameters, Key key = default, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ValueAndGrad(loss.Select(l => (l, Unit.Default)), parameters, key, state);

    /// <summary>
    /// As above, for a program that also returns auxiliary outputs (predictions, say), so that nothing
    /// is computed twice. Runs in training mode; the returned state is the layers' updated state.
    /// </summary>
    public static Fin<GradResult<T, A>> ValueAndGrad<T, A>(Diff<T, (Var<T> Loss, A Aux)> program, Params<T> parameters, Key key = default, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var arena = TensorArena<T>.Enter();
        try
        {
            var tape = new Tape<T>(RunMode.Gradient, parameters, state ?? Params<T>.Empty, key, training: true);
            var run = Interpreter.Run(program, tape);
            var forward = arena.Count;
            var result = run.Bind(r => r.Loss.Shape.Size == 1
                ? Fin<GradResult<T, A>>.Succ(new(r.Loss.Value.ToScalar(),
                    GradientsOf(parameters, Interpreter.Backward(tape, r.Loss, Tensor<T>.Ones(r.Loss.Shape))),
                    r.Aux, tape.State))
                : Error.New($"ValueAndGrad needs a scalar loss, got shape {r.Loss.Shape}"));
            // Intermediates and cotangents go back to the pool; what the caller receives stays (forward values
            // too, when the auxiliary output could hold one: any A with references).
            result.Match(
                r => arena.Exit(r.Grads.Select(e => e.Value).Concat(r.State.Select(e => e.Value)),
                    keepFirst: RuntimeHelpers.IsReferenceOrContainsReferences<A>() ? forward : 0),
                _ => arena.Abandon());
            return result;
        }
        catch
        {
            arena.Abandon();
            throw;
        }
    }

    /// <summary>
    /// The vector-Jacobian product of y = f(x; params): given a cotangent w of y's shape, returns y,
    /// wᵀ∂y/∂x and wᵀ∂y/∂params. This is the pullback of a whole network, used by the gradient checker.
    /// </summary>
    public static Fin<VjpResult<T>> Vjp<T>(Func<Var<T>, Diff<T, Var<T>>> f, Tensor<T> x, Params<T> parameters, Tensor<T> cotangent,
        Key key = default, bool training = true, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const string input = "\0input";
        var tape = new Tape<T>(RunMode.Gradient, parameters, state ?? Params<T>.Empty, key, training);
        var program = from xv in Step<T, Var<T>>(t => t.Leaf(input, x)) from y in f(xv) select y;
        return Interpreter.Run(program, tape).Bind(y => y.Shape == cotangent.Shape
            ? Fin<VjpResult<T>>.Succ(Pullback(y, x, Interpreter.Backward(tape, y, cotangent)))
            : Error.New($"cotangent has shape {cotangent.Shape} but the output has {y.Shape}"));

        VjpResult<T> Pullback(Var<T> y, Tensor<T> x0, Dictionary<string, Tensor<T>> leaves) =>
            new(y.Value, leaves.GetValueOrDefault(input) ?? Tensor<T>.Zeros(x0.Shape), GradientsOf(parameters, leaves));
    }

    private static Params<T> GradientsOf<T>(Params<T> parameters, Dictionary<string, Tensor<T>> leaves)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        parameters.MapWithPath((path, p) => leaves.GetValueOrDefault(path) ?? Tensor<T>.Zeros(p.Shape));
}
