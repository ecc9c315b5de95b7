using System.CommandLine;

namespace Backprop.Cli;

/// <summary>The commands. Bad usage is one line on stderr and exit code 2.</summary>
public static class CommandLine
{
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        var root = new RootCommand("Backprop.Functional: backpropagation as function composition.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(NotebooksCommand.Create());
        root.Subcommands.Add(GradCheckCommand.Create());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {parsed.Errors[0].Message}");
            return UsageError;
        }
        return parsed.Invoke();
    }
}
