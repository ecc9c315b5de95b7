using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Autodiff;

public static partial class Diff
{
    /// <summary>
    /// Runs <paramref name="layer"/> once on <paramref name="x"/> in evaluation mode and records every rule it applies
    /// (see <see cref="Trace{T}"/>). Errors are those of <see cref="Run{T,A}"/>.
    /// </summary>
    public static Fin<Trace<T>> Trace<T>(Layer<T> layer, Tensor<T> x, Params<T> parameters, Params<T>? state = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tape = new Tape<T>(RunMode.Apply, parameters, state ?? Params<T>.Empty, key: null, training: false) { Recording = new() };
        var input = Var<T>.Constant(x);
        return Interpreter.Run(layer(input), tape).Map(y =>
            new Trace<T>(input, y, tape.Recording.Ops, tape.Recording.Parameters, tape.Recording.Scopes));
    }
}
