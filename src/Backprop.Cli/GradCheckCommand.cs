using System.CommandLine;
using System.Globalization;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;

namespace Backprop.Cli;

/// <summary>
/// `gradcheck`: runs the gradient checker over every built-in rule and layer and prints a table
/// (rule or layer, check, worst relative error, Taylor rate, verdict). Exit 0 when all pass, 1 otherwise.
/// </summary>
public static class GradCheckCommand
{
    public const int CheckFailed = 1;

    public static Command Create()
    {
        var seeds = NumberOption.Whole("--seeds", "cases per rule or layer (each with its own sizes and values); default 3");
        var seed = NumberOption.Whole("--seed", "first seed; default 0");
        var fast = new System.CommandLine.Option<bool>("--fast") { Description = "random projections only (element-wise on failure)" };
        var command = new Command("gradcheck", "Check every built-in rule's and layer's pullback against finite differences.") { seeds, seed, fast };
        command.SetAction(result =>
        {
            var count = result.GetValue(seeds) ?? 3;
            if (count <= 0)
            {
                Console.Error.WriteLine($"error: --seeds {count}: must be positive");
                return CommandLine.UsageError;
            }
            return Run(result.GetValue(seed) ?? 0, count, result.GetValue(fast) ? GradCheckOptions.Fast : GradCheckOptions.Default, Console.Out);
        });
        return command;
    }

    /// <summary>Checks every built-in for seeds first..first+count−1 and writes the table; returns the exit code.</summary>
    public static int Run(int first, int count, GradCheckOptions options, TextWriter output) =>
        Run(BuiltIns.Checks, first, count, options, output);

    /// <summary>As above, for the given checks.</summary>
    public static int Run(IReadOnlyList<BuiltInCheck> checks, int first, int count, GradCheckOptions options, TextWriter output)
    {
        var rows = checks.SelectMany(check => Enumerable.Range(first, count)
                .Select(s => check.Run(Sizes(s, check.DimCount), Key.Create(s), options)))
            .GroupBy(r => r.Name)
            .SelectMany(Rows)
            .ToList();
        var header = ("rule/layer", "check", "worst rel. error", "rate", "verdict");
        var widths = new[] { 22, 13, 16, 6 };
        string Line((string, string, string, string, string) r) =>
            $"{r.Item1.PadRight(widths[0])} {r.Item2.PadRight(widths[1])} {r.Item3.PadLeft(widths[2])} {r.Item4.PadLeft(widths[3])}  {r.Item5}";
        output.WriteLine(Line(header));
        output.WriteLine(new string('-', widths.Sum() + 14));
        foreach (var row in rows) output.WriteLine(Line(row.Cells));
        var failures = rows.Where(r => !r.Passed).ToList();
        output.WriteLine(failures.Count == 0
            ? $"all {rows.Count} checks passed ({checks.Count} rules and layers, {count} cases each)"
            : $"{failures.Count} of {rows.Count} checks FAILED");
        foreach (var report in rows.Where(r => !r.Passed).Select(r => r.Failure).OfType<GradCheckReport>().Distinct())
            output.WriteLine(report);
        return failures.Count == 0 ? 0 : CheckFailed;
    }

    /// <summary>Sizes 1..5 from the seed (the same sizes the test suite's mutant runs use).</summary>
    private static int[] Sizes(int seed, int count) =>
        [.. Enumerable.Range(0, count).Select(i => 1 + (int)(Key.Create(seed).FoldIn(1000).Bits(i) % 5))];

    private sealed record Row((string, string, string, string, string) Cells, bool Passed, GradCheckReport? Failure);

    /// <summary>One row per check, aggregated over the cases: the worst error, the slowest rate, all verdicts.</summary>
    private static IEnumerable<Row> Rows(IGrouping<string, GradCheckReport> reports)
    {
        foreach (var error in reports.Where(r => r.Error is not null))
            yield return new((reports.Key, "error", "", "", "FAILED"), false, error);
        var checks = reports.SelectMany(r => r.Checks.Select(c => (Report: r, Check: c))).GroupBy(x => x.Check.Check);
        foreach (var check in checks)
        {
            var passed = check.All(x => x.Check.Passed);
            var worst = check.Max(x => x.Check.WorstRelativeError);
            var rates = check.Select(x => x.Check.Rate).OfType<double>().ToArray();
            var rate = rates.Length == 0 ? (double?)null : rates.Min();
            var skipped = check.Sum(x => x.Check.Skipped);
            var verdict = (passed ? "ok" : "FAILED") + (skipped > 0 ? $" ({skipped} skipped near kinks)" : "");
            var shownError = check.Key is "element-wise" or "directional" or "linearity"
                ? worst.ToString("E2", CultureInfo.InvariantCulture) : "";
            yield return new((reports.Key, check.Key, shownError, GradCheckReport.RateText(rate), verdict), passed,
                check.FirstOrDefault(x => !x.Check.Passed).Report);
        }
    }
}
