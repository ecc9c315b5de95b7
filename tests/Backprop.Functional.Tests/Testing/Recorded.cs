using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// A check target that records every point its forward is evaluated at, so a test can see how many evaluations
/// a check made and along which directions. The forward may also change with the evaluation count (a script).
/// </summary>
internal sealed class Recorded
{
    private readonly List<IReadOnlyList<Tensor<double>>> calls = [];

    /// <summary>Wraps a target; <paramref name="forwardAt"/>, if given, picks the forward by the evaluation's index.</summary>
    public Recorded(CheckTarget target, Func<int, Func<IReadOnlyList<Tensor<double>>, Tensor<double>>>? forwardAt = null) =>
        Target = target with
        {
            Forward = xs =>
            {
                calls.Add(xs);
                return (forwardAt?.Invoke(calls.Count - 1) ?? target.Forward)(xs);
            },
        };

    public CheckTarget Target { get; }

    public IReadOnlyList<IReadOnlyList<Tensor<double>>> Calls => calls;

    public void Clear() => calls.Clear();
}
