using System.Globalization;

namespace Backprop.Cli;

/// <summary>
/// How a score is printed: with fixed decimals while it is of a size to read that way, else to 4 significant digits,
/// so a diverged regression's R² reads −2.42E+45, not as 46 digits; an error in the target's units is printed compactly.
/// </summary>
internal static class ScoreText
{
    public static string Fixed(double value, int decimals) =>
        value.ToString(Math.Abs(value) < 1e6 || !double.IsFinite(value) ? "F" + decimals : "G4", CultureInfo.InvariantCulture);

    /// <summary>4 significant digits, but whole numbers from 1 000 to 999 999 without an exponent: 55784, not 5.578E+04.</summary>
    public static string Compact(double value) =>
        value.ToString(Math.Abs(value) is >= 1e3 and < 1e6 ? "F0" : "G4", CultureInfo.InvariantCulture);
}
