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
        var scratch = TapeScratch<T>.Rent();
        try
        {
            var tape = new Tape<T>(RunMode.Init, Params<T>.Empty, Params<T>.Empty, key, training: true, scratch: scratch);
            return Interpreter.Run(program, tape).Map(_ => (tape.Parameters, tape.State));
        }
        finally { scratch.Return(); }
    }

    /// <summary>
    /// Runs the program forward with the given parameters (no tape). Evaluation mode by default. A program that draws
    /// randomness (dropout in training) needs <paramref name="key"/>: without one the result is an error naming the layer.
    /// </summary>
    public static Fin<A> Run<T, A>(Diff<T, A> program, Params<T> parameters, Key? key = null, bool training = false, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scratch = TapeScratch<T>.Rent();
        try { return Interpreter.Run(program, new Tape<T>(RunMode.Apply, parameters, state ?? Params<T>.Empty, key, training, scratch: scratch)); }
        finally { scratch.Return(); }
    }

    /// <summary>
    /// The loss and its gradient with respect to every parameter (a tree shaped like the parameters). A program that
    /// draws randomness needs <paramref name="key"/> (a new one each step): without one the result is an error naming
    /// the layer, never a mask repeated from step to step.
    /// </summary>
    public static Fin<GradResult<T, Unit>> ValueAndGrad<T>(Diff<T, Var<T>> loss, Params<T> parameters, Key? key = null, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ValueAndGrad(loss.Select(l => (l, Unit.Default)), parameters, key, state);

    /// <summary>
    /// As above, for a program that also returns auxiliary outputs (predictions, say), so that nothing
    /// is computed twice. Runs in training mode; the returned state is the layers' updated state.
    /// </summary>
    public static Fin<GradResult<T, A>> ValueAndGrad<T, A>(Diff<T, (Var<T> Loss, A Aux)> program, Params<T> parameters, Key? key = null, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var outside = TensorArena<T>.Swap(null);                  // user code in the program builds ordinary memory
        var arena = TensorArena<T>.Detached();
        var scratch = TapeScratch<T>.Rent();
        try
        {
            var tape = new Tape<T>(RunMode.Gradient, parameters, state ?? Params<T>.Empty, key, training: true, arena, scratch: scratch);
            var result = Interpreter.Run(program, tape).Bind(r => r.Loss.Shape.Size == 1
                ? Interpreter.Backward(tape, r.Loss, Tensor<T>.Ones(r.Loss.Shape)).Map(leaves =>
                    new GradResult<T, A>(r.Loss.Raw.ToScalar(), GradientsOf(parameters, leaves), r.Aux, tape.State))
                : Error.New($"ValueAndGrad needs a scalar loss, got shape {r.Loss.Shape}"));
            result.Match(r => Release(arena, tape, r), _ => arena.Abandon());
            return result;
        }
        catch
        {
            arena.Abandon();
            throw;
        }
        finally
        {
            scratch.Return();
            TensorArena<T>.Swap(outside);
        }
    }

    /// <summary>
    /// Gives the run's memory back except what the caller can reach: the gradients and state (lent, so a training
    /// loop may recycle them), the values user code read, and the vars the auxiliary output holds (every value of
    /// the run when it is of a type that could hold one unseen). A var kept elsewhere whose memory went back
    /// expires: reading it later is an error, never other numbers.
    /// </summary>
    private static void Release<T, A>(TensorArena<T> arena, Tape<T> tape, GradResult<T, A> r)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var made = tape.Vars;
        if (!KeepVarsIn<T, A>(r.Aux))
            foreach (var v in made) v.Keep();
        foreach (var v in made)
            if (v.WasRead) arena.Keep(v.Raw);
        arena.Exit(r.Grads.Tensors.AsSpan(), r.State.Tensors.AsSpan());
        foreach (var v in made)
            if (!v.WasRead && arena.WasReturned(v.Raw)) v.Expire();
    }

    /// <summary>Keeps every var in <paramref name="aux"/>; false when its type could hold one where this cannot look.</summary>
    private static bool KeepVarsIn<T, A>(A aux) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        !RuntimeHelpers.IsReferenceOrContainsReferences<A>() || KeepVarsIn<T>(aux, depth: 0);

    private static bool KeepVarsIn<T>(object? value, int depth) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (value)
        {
            case null or string or Tensor<T> or Params<T>:            // tensors user code holds were kept when it read them
                return true;
            case Var<T> v:
                v.Keep();
                return true;
            case ITuple tuple when depth < 8:
                for (var i = 0; i < tuple.Length; i++)
                    if (!KeepVarsIn<T>(tuple[i], depth + 1)) return false;
                return true;
            default:
                return value.GetType() is { IsPrimitive: true } or { IsEnum: true } || value is decimal or Unit;
        }
    }

    /// <summary>
    /// The vector-Jacobian product of y = f(x; params): given a cotangent w of y's shape, returns y,
    /// wᵀ∂y/∂x and wᵀ∂y/∂params. This is the pullback of a whole network, used by the gradient checker.
    /// </summary>
    public static Fin<VjpResult<T>> Vjp<T>(Func<Var<T>, Diff<T, Var<T>>> f, Tensor<T> x, Params<T> parameters, Tensor<T> cotangent,
        Key? key = null, bool training = true, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const string input = "\0input";
        var tape = new Tape<T>(RunMode.Gradient, parameters, state ?? Params<T>.Empty, key, training);
        var program = from xv in Step<T, Var<T>>(t => t.Leaf(input, x)) from y in f(xv) select y;
        return Interpreter.Run(program, tape).Bind(y => y.Shape == cotangent.Shape
            ? Interpreter.Backward(tape, y, cotangent).Map(leaves => Pullback(y, x, leaves))
            : Error.New($"cotangent has shape {cotangent.Shape} but the output has {y.Shape}"));

        VjpResult<T> Pullback(Var<T> y, Tensor<T> x0, Dictionary<string, Tensor<T>> leaves) =>
            new(y.Value, leaves.GetValueOrDefault(input) ?? Tensor<T>.Zeros(x0.Shape), GradientsOf(parameters, leaves));
    }

    private static Params<T> GradientsOf<T>(Params<T> parameters, Dictionary<string, Tensor<T>> leaves)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        parameters.MapWithPath((path, p) => leaves.GetValueOrDefault(path) ?? Tensor<T>.Zeros(p.Shape));
}
