using System.CommandLine;

namespace Backprop.Cli;

/// <summary>The commands. Bad usage is one line on stderr and exit code 2; an unknown command is named, with the nearest known one.</summary>
public static class CommandLine
{
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        var root = new RootCommand("Backprop.Functional: backpropagation as function composition.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(NotebooksCommand.Create());
        root.Subcommands.Add(GradCheckCommand.Create());
        var names = root.Subcommands.Select(c => c.Name).ToArray();
        if (args is [var first, ..] && !first.StartsWith('-') && !names.Contains(first))
        {
            var nearest = names.MinBy(n => Distance(n, first))!;
            Console.Error.WriteLine($"error: unknown command '{first}'" + (Distance(nearest, first) <= 2 ? $"; did you mean '{nearest}'?" : $"; the commands are {string.Join(", ", names)}"));
            return UsageError;
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {parsed.Errors[0].Message}");
            return UsageError;
        }
        return parsed.Invoke();
    }

    /// <summary>The edit distance (insertions, deletions, substitutions and swaps of neighbours) between two words.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
