using Backprop.Functional.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Backprop.Functional.Tests.Testing;

/// <summary>The report's text, notebook and property forms, built from known check results.</summary>
public class GradCheckReportTests
{
    private static readonly CheckResult Elementwise = new("element-wise", true, 1.5e-9, null, 6, 2, "6 elements, worst x[0]");
    private static readonly CheckResult Taylor = new("taylor", true, 1e-3, 1.987, 12, 0, "remainder shrinks");
    private static readonly CheckResult Purity = new("purity", true, 0, null, 1, 0, "untouched");
    private static readonly CheckResult Linearity = new("linearity", false, 0.5, null, 1, 1, "x: differs");

    private static GradCheckReport Report(bool passed, params CheckResult[] checks) =>
        new("relu", passed, null, 6) { Checks = checks, Inputs = "x [2, 3]", Replay = "key: new Key(0x0000000000000007UL)" };

    [Fact]
    public void A_passed_report_is_one_line_with_each_check_summarised_and_the_kinks_counted()
    {
        Assert.Equal("relu: ok (x [2, 3]); element-wise worst 1.5E-009; taylor rate 1.99; purity; 2 skipped near kinks",
            Report(true, Elementwise, Taylor, Purity).ToString());
        Assert.Equal("relu: ok (x [2, 3]); purity", Report(true, Purity).ToString());
    }

    [Fact]
    public void A_failed_report_lists_the_failed_checks_then_the_passed_ones_the_rate_and_the_replay()
    {
        Assert.Equal(
            "relu: gradient check FAILED\n  at x [2, 3]\n  linearity: FAILED: x: differs (1 skipped near kinks)\n  passed: element-wise, taylor\n" +
            "  taylor rate: 1.99\n  replay: key: new Key(0x0000000000000007UL)",
            Report(false, Elementwise, Taylor, Linearity).ToString());
    }

    [Fact]
    public void A_fallback_says_whether_the_element_wise_check_named_the_element()
    {
        var agreed = Report(false, Elementwise, Linearity) with { FellBack = true };
        Assert.Contains("\n  (the fast check failed, so the element-wise check ran too: 6 elements, worst x[0]; every element agreed)", agreed.ToString());
        Assert.DoesNotContain("taylor rate", agreed.ToString());
        var named = Report(false, Elementwise with { Passed = false }, Linearity) with { FellBack = true };
        Assert.Contains("\n  (the fast check failed; the element-wise check above names the element)", named.ToString());
        Assert.DoesNotContain("(the fast check", Report(false, Elementwise, Linearity).ToString());
    }

    [Fact]
    public void An_error_report_says_what_went_wrong_and_how_to_replay_it()
    {
        var report = new GradCheckReport("dense", false, null, 0, "no such layer") { Replay = "key: new Key(0x1UL)" };
        Assert.Equal("dense: gradient check FAILED: no such layer\n  replay: key: new Key(0x1UL)", report.ToString());
        Assert.Equal("dense: gradient check FAILED: no such layer", (report with { Replay = "" }).ToString());
    }

    [Fact]
    public void Skipped_sums_the_checks_and_rate_is_the_taylor_checks()
    {
        var report = Report(false, Elementwise, Taylor, Linearity);
        Assert.Equal(3, report.Skipped);
        Assert.Equal(1.987, report.Rate);
        Assert.Null(Report(true, Purity).Rate);
    }

    [Theory]
    [InlineData(null, "-")]
    [InlineData(double.PositiveInfinity, "exact")]
    [InlineData(1.234, "1.23")]
    public void Rates_read_as_numbers_or_exact(double? rate, string text) => Assert.Equal(text, GradCheckReport.RateText(rate));

    [Fact]
    public void A_check_result_reads_as_check_verdict_detail_and_skips()
    {
        Assert.Equal("ok", Elementwise.Verdict);
        Assert.Equal("FAILED", Linearity.Verdict);
        Assert.Equal("element-wise: ok: 6 elements, worst x[0] (2 skipped near kinks)", Elementwise.ToString());
        Assert.Equal("purity: ok: untouched", Purity.ToString());
    }

    [Fact]
    public void A_mismatch_names_the_element_and_both_numbers()
    {
        Assert.Equal("dense_1/w[1, 0]: finite difference 0.25, pullback -0.5, relative error 3.00E+000",
            new GradMismatch("dense_1/w", [1, 0], 0.25, -0.5, 3).ToString());
    }

    [Fact]
    public void The_notebook_form_is_a_table_of_the_checks_with_the_replay_only_on_failure()
    {
        var passed = Report(true, Elementwise, Taylor).ToHtml();
        Assert.StartsWith("<p>relu: gradient check passed at x [2, 3]</p>", passed);
        Assert.Contains("<th>check</th><th>verdict</th><th>compared</th><th>skipped near kinks</th><th>worst relative error</th><th>detail</th>", passed);
        Assert.Contains("<tr><td>element-wise</td><td>ok</td><td>6</td><td>2</td><td>1.50E-009</td><td>6 elements, worst x[0]</td></tr>", passed);
        Assert.Contains("<tr><td>taylor</td><td>ok</td><td>12</td><td>0</td><td>rate 1.99</td>", passed);
        Assert.DoesNotContain("replay", passed);
        var failed = Report(false, Linearity).ToHtml();
        Assert.StartsWith("<p>relu: gradient check FAILED at x [2, 3]</p>", failed);
        Assert.EndsWith("\n<p>replay: <code>key: new Key(0x0000000000000007UL)</code></p>", failed);
    }

    [Fact]
    public void The_notebook_form_of_an_error_is_one_paragraph()
    {
        Assert.Equal("<p>dense: gradient check FAILED: bad &lt;shape&gt;</p>", new GradCheckReport("dense", false, null, 0, "bad <shape>").ToHtml());
        Assert.Equal("<p>dense: gradient check FAILED: x at input [2]</p>\n<p>replay: <code>k</code></p>",
            new GradCheckReport("dense", false, null, 0, "x") { Inputs = "input [2]", Replay = "k" }.ToHtml());
    }

    [Fact]
    public void As_a_property_a_report_holds_when_it_passed_and_carries_its_text()
    {
        Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true), Report(true, Purity).ToProperty());
        var error = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithQuietOnSuccess(true), Report(false, Linearity).ToProperty()));
        Assert.Contains("linearity: FAILED: x: differs", error.Message);
    }
}
