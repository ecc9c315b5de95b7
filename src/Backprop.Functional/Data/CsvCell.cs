using System.Globalization;
using System.Numerics;

namespace Backprop.Functional.Data;

/// <summary>The check every numeric CSV cell passes: a finite number that can be standardised in the working precision.</summary>
public static class CsvCell
{
    /// <summary>
    /// Null when <paramref name="cell"/> is a finite number whose value (divided by <paramref name="scale"/>) can be
    /// squared in <typeparamref name="T"/> without overflow (standardisation squares it); else what is wrong with it.
    /// <paramref name="value"/> is the scaled value.
    /// </summary>
    public static string? Number<T>(string cell, double scale, out double value) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        value = 0;
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return $"'{cell}' is not a number";
        if (!double.IsFinite(v)) return $"'{cell}' is not a finite number";
        var limit = Math.Sqrt(double.CreateChecked(T.BitDecrement(T.PositiveInfinity)));
        value = v / scale;
        return Math.Abs(value) > limit
            ? string.Create(CultureInfo.InvariantCulture, $"'{cell}' is out of range: magnitudes above {limit:G2} overflow when squared in {typeof(T).Name}")
            : null;
    }
}
