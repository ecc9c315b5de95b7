using System.Globalization;

namespace Backprop.Cli;

/// <summary>
/// How a score is printed: with fixed decimals while it is of a size to read that way, else to 4 significant digits,
/// so a diverged regression's R² reads −2.42E+45, not as 46 digits.
/// </summary>
internal static class ScoreText
{
    public static string Fixed(double value, int decimals) =>
        value.ToString(Math.Abs(value) < 1e6 || !double.IsFinite(value) ? "F" + decimals : "G4", CultureInfo.InvariantCulture);
}
