using System.Numerics;
using Backprop.Functional.Autodiff;
using Backprop.Functional.Rules;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Layers;

/// <summary>
/// Inverted dropout: in training, each element is zeroed with probability rate and the survivors are scaled by
/// 1/(1 − rate), so the expected output equals the input; in evaluation it is the identity. The mask comes from
/// a fresh key of the monad (<see cref="Diff.FreshKey{T}"/>), so the same run key gives the same mask, and the
/// mode from <see cref="Diff.IsTraining{T}"/>.
/// Inputs: x of any shape.
/// Returns: y of x's shape.
/// Parameters: none.
/// State: none.
/// </summary>
public static class Dropout
{
    public static Layer<T> Create<T>(double rate, string name = "dropout") where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var p = T.CreateChecked(Expect.InRange(rate, 0, 1, nameof(rate), name));
        return x => Diff.Scope(name,
            from training in Diff.IsTraining<T>()
            from y in training && p > T.Zero ? Drop(x, p) : Diff.Pure<T, Var<T>>(x)
            select y);
    }

    private static Diff<T, Var<T>> Drop<T>(Var<T> x, T rate) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        from key in Diff.FreshKey<T>()
        from y in Diff.Primitive("dropout", u => Rule.Dropout(u, key.Uniform(u.Shape, T.Zero, T.One), rate), x)
        select y;
}
