using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// What a transformation may need besides the updates, the state and the parameters: the step's loss (for
/// <see cref="Transforms.ScaleOnPlateau{T}"/>) and a key (for <see cref="Transforms.AddNoise{T}"/>). The training
/// loop passes both; a hand-written loop passes what its transforms need.
/// </summary>
public sealed record ExtraArgs<T>(T? Loss = null, Key? Key = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>No loss, no key.</summary>
    public static ExtraArgs<T> None { get; } = new();

    internal T RequireLoss(string owner) =>
        Loss ?? throw new InvalidOperationException($"{owner} needs the step's loss: pass new ExtraArgs<T>(Loss: loss) to Update or Step (Train.Steps does)");

    internal Key RequireKey(string owner) =>
        Key ?? throw new InvalidOperationException($"{owner} needs a key: pass new ExtraArgs<T>(Key: key) to Update or Step (Train.Steps does)");
}
