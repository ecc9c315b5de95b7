using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>
/// A live progress bar (Spectre.Console): epoch, step, running loss and accuracy, steps/s, bar, time left, shortened to the
/// terminal's width (<see cref="ProgressText"/>); epoch lines print above it.
/// </summary>
public sealed class SpectreProgress : ProgressView
{
    private ProgressTask? task;
    private readonly Stopwatch sinceRedraw = Stopwatch.StartNew();

    public override TResult Run<TResult>(int totalSteps, Func<TResult> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = AnsiConsole.Profile.Width >= 70 ? 16 : 6 },
                new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                task = context.AddTask("loading", maxValue: totalSteps);
                var result = body();
                task.StopTask();
                return result;
            });

    public override void Step(ProgressPoint p)
    {
        if (task is null || (sinceRedraw.ElapsedMilliseconds < 100 && p.Step < p.TotalSteps)) return;
        sinceRedraw.Restart();
        task.Value = p.Step;
        // Narrower than the terminal by a column: a line that exactly fills it wraps on some terminals and leaves stale lines.
        var width = AnsiConsole.Profile.Width - 1;
        task.Description = Markup.Escape(ProgressText.Describe(p, width - ProgressText.BarColumns(width)));
    }

    public override void Line(string text) => AnsiConsole.WriteLine(text);
}
