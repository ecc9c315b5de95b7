using System.Globalization;
using System.Numerics;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Diagnostics;

/// <summary>Tensors in a few characters: up to four values, then "…" and the norm.</summary>
internal static class Compact
{
    public static string Of<T>(Tensor<T> t) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var shown = string.Join(", ", t.Span[..Math.Min(4, t.Size)].ToArray().Select(Number));
        return t.Size <= 4 ? $"[{shown}]" : $"[{shown}, …] ‖·‖={Number(t.Norm())}";
    }

    /// <summary>Four significant digits, invariant culture; −0 shown as 0.</summary>
    public static string Number<T>(T value) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var d = double.CreateChecked(value);
        return (d == 0 ? 0 : d).ToString("G4", CultureInfo.InvariantCulture);
    }
}
