using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Autodiff;

public static partial class Diff
{
    private const string Input = "\0input";

    /// <summary>
    /// Forward mode: runs the program once with a tangent on the parameters (a tree with some or all of their paths;
    /// a missing path has tangent zero), pushing tangents through every rule as it runs. Returns the output y and its
    /// tangent ∂y/∂params·v. Nothing is taped, so the cost is about that of two forward runs, whatever the output's size.
    /// </summary>
    public static Fin<JvpResult<T>> Jvp<T>(Diff<T, Var<T>> program, Params<T> parameters, Params<T> tangents,
        Key? key = null, bool training = false, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        SeedsFor(parameters, tangents).Bind(seeds => JvpCore(program, parameters, seeds, key, training, state));

    /// <summary>
    /// As above for y = f(x; params) with a tangent v of the input x, and optionally tangents of the parameters (held
    /// fixed otherwise): y and ∂y/∂x·v + ∂y/∂params·u.
    /// </summary>
    public static Fin<JvpResult<T>> Jvp<T>(Func<Var<T>, Diff<T, Var<T>>> f, Tensor<T> x, Tensor<T> tangent, Params<T> parameters,
        Key? key = null, bool training = false, Params<T>? state = null, Params<T>? parameterTangents = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        tangent.Shape != x.Shape ? Error.New($"the tangent has shape {tangent.Shape} but the input has {x.Shape}")
        : SeedsFor(parameters, parameterTangents ?? Params<T>.Empty).Bind(seeds =>
            JvpCore(WithInput(f, x), parameters, new Dictionary<string, Tensor<T>>(seeds) { [Input] = tangent }, key, training, state));

    /// <summary>
    /// Runs y = f(x; params) once, recording each rule's pushforward, and returns y with the linear map v ↦ ∂y/∂x·v:
    /// every call of the map replays the recorded pushforwards (no primal work), so it pays for itself from the second tangent.
    /// </summary>
    public static Fin<Linearized<T, Tensor<T>>> Linearize<T>(Func<Var<T>, Diff<T, Var<T>>> f, Tensor<T> x, Params<T> parameters,
        Key? key = null, bool training = false, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Recorded(WithInput(f, x), parameters, key, training, state, Input).Map(r => new Linearized<T, Tensor<T>>(r.Output.Raw, v =>
            v.Shape != x.Shape ? Error.New($"the tangent has shape {v.Shape} but the input has {x.Shape}")
            : Replay(r.Tape, r.Output, new Dictionary<string, Tensor<T>> { [Input] = v })));

    /// <summary>As above for a program of its parameters: the map takes a tangent tree (missing paths are zero) to ∂y/∂params·v.</summary>
    public static Fin<Linearized<T, Params<T>>> Linearize<T>(Diff<T, Var<T>> program, Params<T> parameters,
        Key? key = null, bool training = false, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Recorded(program, parameters, key, training, state).Map(r => new Linearized<T, Params<T>>(r.Output.Raw, v =>
            SeedsFor(parameters, v).Bind(seeds => Replay(r.Tape, r.Output, seeds))));

    /// <summary>
    /// The Jacobian ∂y/∂x of y = f(x; params) as a matrix [y.Size, x.Size], by forward mode: one linearised pass per
    /// input direction (a column each). The cheaper way when the output is larger than the input.
    /// </summary>
    public static Fin<Tensor<T>> JacobianForward<T>(Func<Var<T>, Diff<T, Var<T>>> f, Tensor<T> x, Params<T> parameters,
        Key? key = null, bool training = false, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Linearize(f, x, parameters, key, training, state).Bind(l =>
            Stack<T>(x.Size, l.Output.Size, j => l.Map(Basis<T>(x.Shape, j))).Map(columns => columns.Transpose()));

    /// <summary>
    /// The same Jacobian [y.Size, x.Size] by reverse mode: one backward pass per output row over a single taped run.
    /// The cheaper way when the input is larger than the output (a loss is the extreme: one row, the gradient).
    /// </summary>
    public static Fin<Tensor<T>> JacobianReverse<T>(Func<Var<T>, Diff<T, Var<T>>> f, Tensor<T> x, Params<T> parameters,
        Key? key = null, bool training = false, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Recorded(WithInput(f, x), parameters, key, training, state, Input).Bind(r =>
            Stack<T>(r.Output.Shape.Size, x.Size, i => Interpreter.Backward(r.Tape, r.Output, Basis<T>(r.Output.Shape, i))
                .Map(leaves => leaves.GetValueOrDefault(Input) ?? Tensor<T>.Zeros(x.Shape))));

    private static Fin<JvpResult<T>> JvpCore<T>(Diff<T, Var<T>> program, Params<T> parameters, IReadOnlyDictionary<string, Tensor<T>> seeds,
        Key? key, bool training, Params<T>? state)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = new Tape<T>(RunMode.Forward, parameters, state ?? Params<T>.Empty, key, training, seeds: seeds);
        return Interpreter.Run(program, tape).Map(y => new JvpResult<T>(y.Raw, tape.TangentOf(y) ?? Tensor<T>.Zeros(y.Shape)));
    }

    /// <summary>A taped run without an arena, so the tape's pullbacks and pushforwards stay valid after it.</summary>
    private static Fin<(Tape<T> Tape, Var<T> Output)> Recorded<T>(Diff<T, Var<T>> program, Params<T> parameters,
        Key? key, bool training, Params<T>? state, string? onlyLeaf = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = new Tape<T>(RunMode.Gradient, parameters, state ?? Params<T>.Empty, key, training, onlyLeaf: onlyLeaf);
        return Interpreter.Run(program, tape).Map(y => (tape, y));
    }

    private static Fin<Tensor<T>> Replay<T>(Tape<T> tape, Var<T> output, IReadOnlyDictionary<string, Tensor<T>> seeds)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        try { return Interpreter.Forward(tape, output, seeds); }
        catch (Exception e) when (e is ShapeException or DiffException) { return Error.New(e.Message); }
    }

    private static Diff<T, Var<T>> WithInput<T>(Func<Var<T>, Diff<T, Var<T>>> f, Tensor<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from xv in Step<T, Var<T>>(t => t.Leaf(Input, x)) from y in f(xv) select y;

    private static Fin<IReadOnlyDictionary<string, Tensor<T>>> SeedsFor<T>(Params<T> parameters, Params<T> tangents)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var (path, v) in tangents)
        {
            if (!parameters.Contains(path)) return Error.New($"a tangent is given for '{path}' but the parameters have no such path");
            if (parameters[path].Shape != v.Shape)
                return Error.New($"the tangent of '{path}' has shape {v.Shape} but the parameter has {parameters[path].Shape}");
        }
        return tangents.ToDictionary(e => e.Key, e => e.Value);
    }

    /// <summary>The unit tensor e_i of <paramref name="shape"/>.</summary>
    private static Tensor<T> Basis<T>(Shape shape, int i) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var e = new T[shape.Size];
        e[i] = T.One;
        return Tensor<T>.Own(shape, e);
    }

    /// <summary><paramref name="count"/> rows of <paramref name="width"/> numbers as a matrix [count, width].</summary>
    private static Fin<Tensor<T>> Stack<T>(int count, int width, Func<int, Fin<Tensor<T>>> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = new T[count * width];
        for (var i = 0; i < count; i++)
        {
            var r = row(i);
            if (r.IsFail) return r;
            r.IfSucc(t => t.Span.CopyTo(m.AsSpan(i * width, width)));
        }
        return Tensor<T>.Own(new Shape(count, width), m);
    }

    private static Fin<Tensor<T>> Stack<T>(int count, int width, Func<int, Tensor<T>> row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Stack(count, width, i => Fin<Tensor<T>>.Succ(row(i)));
}
