using System.Numerics;

namespace Backprop.Functional.Autodiff;

/// <summary>What a traced run records as it goes (see <see cref="Trace{T}"/>).</summary>
internal sealed class TapeRecording<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public List<TracedOp<T>> Ops { get; } = [];
    public List<(string Path, Var<T> Var)> Parameters { get; } = [];
    public List<(string Path, int OpsBefore)> Scopes { get; } = [];
}
