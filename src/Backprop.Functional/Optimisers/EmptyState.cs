using System.Numerics;
using Backprop.Functional.Tensors;
using LanguageExt;

namespace Backprop.Functional.Optimisers;

/// <summary>The state of a stateless transformation (scale, clip, penalties, freeze): nothing.</summary>
public sealed record EmptyState<T> : IOptState<T, EmptyState<T>> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static EmptyState<T> Instance { get; } = new();
    public Params<T> ToParams() => Params<T>.Empty;
    public static Fin<EmptyState<T>> FromParams(Params<T> tree) => Instance;
}
