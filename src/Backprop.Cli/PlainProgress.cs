namespace Backprop.Cli;

/// <summary>Progress as plain lines: only the epoch summaries and messages, nothing per step.</summary>
public sealed class PlainProgress(TextWriter output) : ProgressView
{
    public override TResult Run<TResult>(int totalSteps, Func<TResult> body) => body();

    public override void Step(ProgressPoint point) { }

    public override void Line(string text) => output.WriteLine(text);
}
