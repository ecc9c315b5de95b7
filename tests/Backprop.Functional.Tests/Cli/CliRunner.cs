using Backprop.Cli;

namespace Backprop.Functional.Tests.Cli;

/// <summary>Runs the command line in process with Console redirected (callers belong to the "Console" collection).</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Error) Run(params string[] args)
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

    /// <summary>The path of a CSV file in Cli/Fixtures.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Cli", "Fixtures", name);

    /// <summary>A fresh folder name under the temp folder, deleted by <see cref="IDisposable.Dispose"/>.</summary>
    public static TempFolder Folder() => new(Path.Combine(Path.GetTempPath(), $"run-{Guid.NewGuid():N}"));

    public sealed record TempFolder(string Path) : IDisposable
    {
        public string this[string file] => System.IO.Path.Combine(Path, file);

        public void Dispose()
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, true);
        }
    }
}
