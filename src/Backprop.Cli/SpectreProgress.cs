using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>A live progress bar (Spectre.Console): epoch, step, running loss and accuracy, steps/s, bar, time left; epoch lines print above it.</summary>
public sealed class SpectreProgress : ProgressView
{
    private ProgressTask? task;
    private readonly Stopwatch sinceRedraw = Stopwatch.StartNew();

    public override TResult Run<TResult>(int totalSteps, Func<TResult> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn(),
                new RemainingTimeColumn())
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
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3} acc {p.Accuracy:P1} {p.StepsPerSecond:F0} steps/s"));
    }

    public override void Line(string text) => AnsiConsole.WriteLine(text);
}
