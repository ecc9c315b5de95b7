using System.Globalization;
using Backprop.Functional.Tensors;
using Backprop.Functional.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Backprop.Functional.Tests.Testing;

/// <summary>
/// Evidence that the checker works: every deliberately wrong pullback is caught on every seed, and
/// every correct built-in rule and layer passes on every seed (no false alarms). Per-check detection
/// counts are written to the test output (run with --logger "console;verbosity=detailed").
/// </summary>
public class MutantTests(ITestOutputHelper output)
{
    public const int Seeds = 200;
    private static readonly string[] CheckNames = ["element-wise", "directional", "taylor", "linearity", "purity"];

    /// <summary>Sizes for a case, from its seed: <paramref name="count"/> dimensions in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static int[] Dims(int seed, int count, int min, int max) =>
        [.. Enumerable.Range(0, count).Select(i => min + (int)(Key.Create(seed).FoldIn(1000).Bits(i) % (ulong)(max - min + 1)))];

    [Fact]
    public void Every_mutant_is_caught_on_every_seed()
    {
        var missed = new List<string>();
        foreach (var mutant in Mutants.All)
        {
            var reports = Enumerable.Range(0, Seeds).Select(s => mutant.Check(Dims(s, 3, 2, 5), Key.Create(s), null)).ToList();
            Write(mutant.Name, reports, r => !r.Passed);
            missed.AddRange(reports.Where(r => r.Passed).Select(r => $"{mutant.Name} passed: {r}"));
        }
        Assert.Empty(missed);
    }

    /// <summary>The built-in checks, one test case each (a failure names its rule or layer; some names have two checks).</summary>
    public static IEnumerable<object[]> BuiltInCases => BuiltIns.Checks.Select((c, i) => new object[] { i, c.Name });

    [Theory]
    [MemberData(nameof(BuiltInCases))]
    public void Every_built_in_rule_and_layer_passes_on_every_seed(int index, string name)
    {
        var check = BuiltIns.Checks[index];
        Assert.Equal(name, check.Name);
        var reports = Enumerable.Range(0, check.DimCount > 2 ? Seeds / 4 : Seeds).Select(s => check.Run(Dims(s, check.DimCount, 1, 5), Key.Create(s), null)).ToList();   // fewer seeds where a case has more sizes to vary, and costs more
        Write(check.Name + " (correct)", reports, r => !r.Passed);
        Assert.Empty(reports.Where(r => !r.Passed).Select(r => r.ToString()));
    }

    [Fact]
    public void Big_mutants_are_caught_in_fast_mode_and_the_fallback_names_the_element()
    {
        var missed = new List<string>();
        foreach (var mutant in Mutants.All)
            for (var s = 0; s < 5; s++)
            {
                var report = mutant.Check(Dims(s, 3, 12, 24), Key.Create(s), GradCheckOptions.Fast);
                if (report.Passed || !report.FellBack || report.Worst is null) missed.Add($"{mutant.Name}: {report}");
            }
        Assert.Empty(missed);
    }

    [Fact]
    public void Big_built_ins_pass_in_fast_mode()
    {
        var alarms = BuiltIns.Checks.Where(c => c.DimCount <= 2 || c.Name is "MatMul" or "AddBias" or "Dense")   // matrices; images and sequences of 12-24 per axis are too big to check here
            .SelectMany(c => Enumerable.Range(0, 5).Select(s => c.Run(Dims(s, c.DimCount, 12, 24), Key.Create(s), GradCheckOptions.Fast)))
            .Where(r => !r.Passed || r.Checks.Any(c => c.Check == "element-wise"))
            .Select(r => r.ToString()).ToList();
        Assert.Empty(alarms);
    }

    private void Write(string name, IReadOnlyList<GradCheckReport> reports, Func<GradCheckReport, bool> flagged)
    {
        var perCheck = CheckNames.Select(c => $"{c} {reports.Count(r => r.Checks.Any(x => x.Check == c && !x.Passed))}");
        var rates = reports.Select(r => r.Rate).OfType<double>().Where(double.IsFinite).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: flagged {reports.Count(flagged)}/{reports.Count}; failed by {string.Join(", ", perCheck)}; " +
            $"taylor rate median {(rates.Length == 0 ? double.NaN : rates.Order().ElementAt(rates.Length / 2)):F2}; skipped {reports.Sum(r => r.Skipped)}"));
    }
}
