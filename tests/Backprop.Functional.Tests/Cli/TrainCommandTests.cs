using System.Text.Json;
using Backprop.Cli;
using Xunit;

namespace Backprop.Functional.Tests.Cli;

/// <summary>The `train` command in process. Console is redirected, so these tests do not run in parallel with each other.</summary>
[Collection("Console")]
public class TrainCommandTests
{
    [Theory]
    [InlineData("train --data nosuchset", "nosuchset")]
    [InlineData("train --data /nonexistent/file.csv", "/nonexistent/file.csv: file not found")]
    [InlineData("train --epochs many", "many")]
    [InlineData("train --lr -1", "--lr")]
    [InlineData("train --hidden 64,x", "--hidden")]
    [InlineData("train --no-such-option", "--no-such-option")]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2(string args, string mentioned)
    {
        var (code, _, error) = Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(mentioned, error);
    }

    [Fact]
    public void A_corrupt_csv_names_the_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1,2,3,0\n4,5,6,1\n7,oops,9,0\n");
        try
        {
            var (code, _, error) = Run(["train", "--data", path]);
            Assert.Equal(2, code);
            Assert.Contains($"{path}, line 3, column 2", error);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Training_writes_a_summary()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"run-{Guid.NewGuid():N}");
        try
        {
            var (code, output, _) = Run(["train", "--data", "digits", "--epochs", "2", "--out", outDir]);
            Assert.Equal(0, code);
            Assert.Contains("epoch   2", output);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
            Assert.Equal("digits", summary.RootElement.GetProperty("data_set").GetString());
            Assert.InRange(summary.RootElement.GetProperty("test_accuracy").GetDouble(), 0.8, 1.0);
            Assert.False(File.Exists(Path.Combine(outDir, "summary.json.tmp")));
        }
        finally { if (Directory.Exists(outDir)) Directory.Delete(outDir, true); }
    }

    private static (int Code, string Out, string Error) Run(string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (CommandLine.Run(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
