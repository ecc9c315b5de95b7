using Backprop.Cli;
using Backprop.Functional.Testing;
using Backprop.Functional.Tests.Testing;
using Xunit;

namespace Backprop.Functional.Tests.Cli;

/// <summary>`gradcheck`; some cases run the command line with Console redirected, so not in parallel with the other command tests.</summary>
[Collection("Console")]
public class GradCheckCommandTests
{
    [Fact]
    public void The_built_ins_pass_and_the_table_lists_every_rule_and_check()
    {
        var output = new StringWriter();
        Assert.Equal(0, GradCheckCommand.Run(0, 1, GradCheckOptions.Default, output));
        var text = output.ToString();
        Assert.Contains("rule/layer", text);
        Assert.All(BuiltIns.Checks, c => Assert.Contains(c.Name, text));
        Assert.Matches(@"Tanh\s+taylor\s+2\.\d\d\s+ok", text);
        Assert.Contains("all ", text);
    }

    [Fact]
    public void A_wrong_pullback_makes_the_command_fail_with_exit_code_1_and_explain()
    {
        var mutant = Mutants.All[0];
        var output = new StringWriter();
        Assert.Equal(GradCheckCommand.CheckFailed,
            GradCheckCommand.Run([new BuiltInCheck("TanhMutant", false, 2, (d, k, o) => mutant.Check([d[0] + 1, d[1] + 1], k, o))], 0, 1, GradCheckOptions.Default, output));
        Assert.Contains("FAILED", output.ToString());
        Assert.Contains("replay: key: new Key(", output.ToString());
    }

    [Fact]
    public void Bad_usage_is_exit_code_2()
    {
        Assert.Equal(CommandLine.UsageError, CommandLine.Run(["gradcheck", "--seeds", "x"]));
        Assert.Equal(CommandLine.UsageError, CommandLine.Run(["gradcheck", "--seeds", "0"]));
    }
}
