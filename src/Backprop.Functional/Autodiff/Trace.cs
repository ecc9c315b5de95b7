using System.Numerics;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// What one evaluation run of a layer did, in order: the input var, every rule applied, the parameters read (by path),
/// the scopes entered (each with the number of rules applied before it) and the output. Vars are told apart by
/// reference; a var no rule made and that is neither the input nor a parameter is a constant of the run.
/// Exporters (ONNX) translate it; made by <see cref="Diff.Trace{T}"/>.
/// </summary>
public sealed record Trace<T>(Var<T> Input, Var<T> Output, IReadOnlyList<TracedOp<T>> Ops,
    IReadOnlyList<(string Path, Var<T> Var)> Parameters, IReadOnlyList<(string Path, int OpsBefore)> Scopes)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
