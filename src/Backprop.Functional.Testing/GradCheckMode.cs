namespace Backprop.Functional.Testing;

/// <summary>How much work the checker does.</summary>
public enum GradCheckMode
{
    /// <summary>Full for small inputs (up to <see cref="GradCheckOptions.MaxElementwise"/> elements), Fast above.</summary>
    Auto,

    /// <summary>Every check, including one finite difference per element.</summary>
    Full,

    /// <summary>Random projections only (directional, Taylor, linearity, purity); on failure the element-wise check runs too.</summary>
    Fast,
}
