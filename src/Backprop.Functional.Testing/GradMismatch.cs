using System.Globalization;

namespace Backprop.Functional.Testing;

/// <summary>One element where the pullback and the finite difference disagree (or the worst one checked).</summary>
public sealed record GradMismatch(string Input, int[] Index, double Expected, double Got, double RelativeError)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Input}[{string.Join(", ", Index)}]: finite difference {Expected:G10}, pullback {Got:G10}, relative error {RelativeError:E2}");
}
