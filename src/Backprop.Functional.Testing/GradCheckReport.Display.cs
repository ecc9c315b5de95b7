using System.Globalization;
using Backprop.Functional.Display;

namespace Backprop.Functional.Testing;

/// <summary>The notebook form of a gradient check: the verdict and inputs, then a row per check with its numbers.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed partial record GradCheckReport : IHtmlDisplay
{
    private static readonly string[] DisplayHeaders = ["check", "verdict", "compared", "skipped near kinks", "worst relative error", "detail"];

    public string ToHtml()
    {
        var verdict = Error is not null ? $"FAILED: {Error}" : Passed ? "passed" : "FAILED";
        var caption = $"{Name}: gradient check {verdict}" + (Inputs.Length > 0 ? $" at {Inputs}" : "");
        var table = Checks.Count == 0 ? $"<p>{Html.Encode(caption)}</p>" : Html.Table(DisplayHeaders, Checks.Select(Row), caption);
        return table + (Replay.Length > 0 && !Passed ? $"\n<p>replay: <code>{Html.Encode(Replay)}</code></p>" : "");
    }

    private static string[] Row(CheckResult c) =>
    [
        c.Check, c.Verdict, c.Checked.ToString(CultureInfo.InvariantCulture), c.Skipped.ToString(CultureInfo.InvariantCulture),
        c.Check == "taylor" ? $"rate {RateText(c.Rate)}" : c.WorstRelativeError.ToString("E2", CultureInfo.InvariantCulture), c.Detail,
    ];
}
