using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Functional.Testing;

/// <summary>
/// The verdict of a gradient check: whether every check passed, the worst element seen (element-wise
/// check), how many elements were compared, and each check's result. Reads like a compiler error when
/// it fails (what, which input or parameter, which element, both numbers, the Taylor rate, the replay
/// key); usable as an FsCheck property (<see cref="ToProperty"/>) or shown in a notebook or the CLI.
/// </summary>
public sealed partial record GradCheckReport(string Name, bool Passed, GradMismatch? Worst, int Checked, string? Error = null)
{
    /// <summary>Every check that ran, in order.</summary>
    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    /// <summary>The inputs and parameters with their shapes, e.g. "x [3, 4], dense_1/w [4, 2]".</summary>
    public string Inputs { get; init; } = "";

    /// <summary>How to rerun exactly this case, e.g. "key: new Key(0x…UL)".</summary>
    public string Replay { get; init; } = "";

    /// <summary>True when a fast (projections only) check failed and the element-wise check ran as well.</summary>
    public bool FellBack { get; init; }

    /// <summary>Elements or directions skipped because they sat within a step of a kink.</summary>
    public int Skipped => Checks.Sum(c => c.Skipped);

    /// <summary>The Taylor test's measured convergence rate (∞ when the remainder was at round-off), if it ran.</summary>
    public double? Rate => Checks.FirstOrDefault(c => c.Check == "taylor")?.Rate;

    public Property ToProperty() => Prop.Label(Passed, ToString());

    public override string ToString()
    {
        if (Error is not null) return $"{Name}: gradient check FAILED: {Error}" + Suffix();
        if (Passed)
            return $"{Name}: ok ({Inputs}); {string.Join("; ", Checks.Select(Summary))}" + (Skipped > 0 ? $"; {Skipped} skipped near kinks" : "");
        var text = new StringBuilder($"{Name}: gradient check FAILED\n  at {Inputs}\n");
        foreach (var c in Checks.Where(c => !c.Passed)) text.Append("  ").Append(c).Append('\n');
        text.Append("  passed: ").Append(string.Join(", ", Checks.Where(c => c.Passed).Select(c => c.Check)));
        if (Rate is { } rate) text.Append("\n  taylor rate: ").Append(RateText(rate));
        if (FellBack)
            text.Append(Checks.Any(c => c.Check == "element-wise" && !c.Passed)
                ? "\n  (the fast check failed; the element-wise check above names the element)"
                : $"\n  (the fast check failed, so the element-wise check ran too: {Checks.First(c => c.Check == "element-wise").Detail}; every element agreed)");
        return text.Append(Suffix()).ToString();
    }

    public static string RateText(double? rate) => rate switch
    {
        null => "-",
        double.PositiveInfinity => "exact",
        var r => r.Value.ToString("F2", CultureInfo.InvariantCulture),
    };

    private string Suffix() => Replay.Length == 0 ? "" : $"\n  replay: {Replay}";

    private static string Summary(CheckResult c) => c.Check switch
    {
        "taylor" => $"taylor rate {RateText(c.Rate)}",
        "element-wise" or "directional" => string.Create(CultureInfo.InvariantCulture, $"{c.Check} worst {c.WorstRelativeError:E1}"),
        _ => c.Check,
    };
}
