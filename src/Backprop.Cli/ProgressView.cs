namespace Backprop.Cli;

/// <summary>
/// How `train` shows its progress: a live Spectre.Console display on a terminal, plain lines (one per epoch) when
/// output is redirected (CI, tests, files).
/// </summary>
public abstract class ProgressView
{
    /// <summary>Runs <paramref name="body"/> (the training) inside the display.</summary>
    public abstract TResult Run<TResult>(int totalSteps, Func<TResult> body);

    /// <summary>After each step.</summary>
    public abstract void Step(ProgressPoint point);

    /// <summary>A line of text (the epoch summaries and messages).</summary>
    public abstract void Line(string text);

    public static ProgressView ForConsole() => Console.IsOutputRedirected ? new PlainProgress(Console.Out) : new SpectreProgress();
}
