using System.Numerics;

namespace Backprop.Functional.Autodiff;

/// <summary>
/// One rule a traced run applied: its name ("conv2d"; null for an unnamed rule of your own), its settings
/// (stride, padding, axis, ...), the vars it read and the var it made, the scope it ran in ("conv2d_1"), and whether
/// the rule is user code (lifted with <c>Diff.Lift</c>) rather than one of the library's.
/// </summary>
public sealed record TracedOp<T>(string? Name, IReadOnlyDictionary<string, object> Settings, IReadOnlyList<Var<T>> Inputs, Var<T> Output,
    string Scope, bool User) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>No settings.</summary>
    public static IReadOnlyDictionary<string, object> None { get; } = new Dictionary<string, object>();
}
