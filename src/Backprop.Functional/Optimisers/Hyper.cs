using System.Globalization;
using System.Numerics;

namespace Backprop.Functional.Optimisers;

/// <summary>
/// Hyper-parameter checks run when a transformation is built, never during training. A bad value throws
/// <see cref="ArgumentOutOfRangeException"/> whose message names the transformation, the parameter and the value.
/// </summary>
internal static class Hyper
{
    public static T Positive<T>(string owner, string name, T value) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        value > T.Zero && T.IsFinite(value) ? value : Fail(owner, name, value, "must be positive and finite");

    public static T NonNegative<T>(string owner, string name, T value) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        value >= T.Zero && T.IsFinite(value) ? value : Fail(owner, name, value, "must be zero or positive and finite");

    public static T Finite<T>(string owner, string name, T value) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        T.IsFinite(value) ? value : Fail(owner, name, value, "must be finite");

    /// <summary>A decay rate in [0, 1).</summary>
    public static T Decay<T>(string owner, string name, T value) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        value >= T.Zero && value < T.One ? value : Fail(owner, name, value, "must be in [0, 1)");

    public static int PositiveCount(string owner, string name, int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be positive, got {value}");

    private static T Fail<T>(string owner, string name, T value, string rule) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} {rule}, got {value.ToString(null, CultureInfo.InvariantCulture)}");
}
