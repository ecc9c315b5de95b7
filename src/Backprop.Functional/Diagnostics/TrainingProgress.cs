using System.Collections.Immutable;
using System.Globalization;
using Backprop.Functional.Display;

namespace Backprop.Functional.Diagnostics;

/// <summary>
/// A training run as it goes: steps done of the total and the loss of every step so far. A value: <see cref="With"/>
/// gives the next one. In a notebook it shows as a progress bar and a loss curve (inline SVG); show it once and
/// update that display as steps arrive, so a cell that trains is not silent until it ends.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed record TrainingProgress(int Total, ImmutableList<double> Losses) : IHtmlDisplay
{
    private const int Width = 320, Height = 100, MaxPoints = 160;

    public static TrainingProgress Start(int total) =>
        total > 0 ? new(total, []) : throw new ArgumentOutOfRangeException(nameof(total), total, "a run has at least one step");

    public int Step => Losses.Count;

    /// <summary>This progress after one more step, whose loss is <paramref name="loss"/>.</summary>
    public TrainingProgress With(double loss) => this with { Losses = Losses.Add(loss) };

    public override string ToString() =>
        Step == 0 ? $"step 0/{Total}" : $"step {Step}/{Total}, loss {N(Losses[^1])}";

    public string ToHtml() =>
        $"<div><progress max=\"{Total}\" value=\"{Math.Min(Step, Total)}\"></progress> {Html.Encode(ToString())}</div>\n{Curve()}";

    /// <summary>The losses as a polyline, at most <see cref="MaxPoints"/> of them (evenly picked), scaled to the finite range.</summary>
    private string Curve()
    {
        var finite = Losses.Where(double.IsFinite).ToArray();
        if (finite.Length < 2) return "";
        var (low, high) = (finite.Min(), finite.Max());
        var span = high > low ? high - low : 1;
        var stride = Math.Max(1, (Losses.Count + MaxPoints - 1) / MaxPoints);
        var points = Enumerable.Range(0, Losses.Count).Where(i => i % stride == 0 || i == Losses.Count - 1).Where(i => double.IsFinite(Losses[i]))
            .Select(i => $"{N1(Width * (double)i / Math.Max(1, Total - 1))},{N1(Height - 4 - (Height - 8) * (Losses[i] - low) / span)}");
        return $"<svg width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" xmlns=\"http://www.w3.org/2000/svg\">"
            + $"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"{string.Join(' ', points)}\"/>"
            + $"<text x=\"2\" y=\"12\" font-size=\"10\">{N(high)}</text><text x=\"2\" y=\"{Height - 2}\" font-size=\"10\">{N(low)}</text></svg>";
    }

    private static string N(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    private static string N1(double x) => x.ToString("0.#", CultureInfo.InvariantCulture);
}
