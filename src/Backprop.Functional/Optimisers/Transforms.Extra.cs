using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Optimisers;

public static partial class Transforms
{
    /// <summary>
    /// Multiplies the updates by a factor that drops by <paramref name="factor"/> whenever the loss has not improved
    /// by more than <paramref name="minDelta"/> for <paramref name="patience"/> updates (a learning rate cut on a
    /// plateau). It reads the step's loss from <see cref="ExtraArgs{T}"/>; with mini-batches the loss is noisy, so
    /// give a patience of about an epoch's steps. State "plateau": "best" and "scale" (scalars), "count" (updates since
    /// the best).
    /// </summary>
    public static Transform<T> ScaleOnPlateau<T>(T factor, int patience, T? minDelta = null) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(factor > T.Zero && factor < T.One)) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"plateau: factor must be in (0, 1), got {factor}");
        Hyper.PositiveCount("plateau", nameof(patience), patience);
        var delta = Hyper.NonNegative("plateau", nameof(minDelta), minDelta ?? T.Zero);
        var start = OptState<T>.Empty.WithScalar("best", T.PositiveInfinity).WithScalar("scale", T.One).WithCount("count", 0);
        return new Transform<T>("plateau", _ => start, (u, s, _, x) =>
        {
            var loss = x.RequireLoss("plateau");
            var improved = loss < s.Scalar("best") - delta;
            var since = improved ? 0 : s.Count("count") + 1;
            var cut = since >= patience;
            var scale = cut ? s.Scalar("scale") * factor : s.Scalar("scale");
            var next = s.WithScalar("best", improved ? loss : s.Scalar("best")).WithScalar("scale", scale).WithCount("count", cut ? 0 : since);
            return (scale * u, next);
        }).Library();
    }

    /// <summary>
    /// Adds Gaussian noise to the updates, u′ = u + N(0, σ²) with σ² = η / (1 + t)^γ at the t-th update (gradient
    /// noise, Neelakantan et al. 2015; optax's add_noise). The noise comes from the key in <see cref="ExtraArgs{T}"/>,
    /// folded with the count, so the same keys give the same run. State "noise": "count".
    /// </summary>
    public static Transform<T> AddNoise<T>(T eta, T gamma) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Hyper.NonNegative("noise", nameof(eta), eta);
        Hyper.NonNegative("noise", nameof(gamma), gamma);
        var start = OptState<T>.Empty.WithCount("count", 0);
        return new Transform<T>("noise", _ => start, (u, s, _, x) =>
        {
            var t = s.Count("count");
            var std = T.Sqrt(eta / T.Pow(T.One + T.CreateChecked(t), gamma));
            var keys = x.RequireKey("noise").FoldIn(t).Split(u.Count);
            var noisy = Params<T>.From(u.Select((e, i) => KeyValuePair.Create(e.Key, e.Value + keys[i].Normal(e.Value.Shape, std))));
            return (noisy, s.WithCount("count", t + 1));
        }).Library();
    }
}
