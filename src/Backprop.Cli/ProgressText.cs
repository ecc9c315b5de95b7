using System.Globalization;

namespace Backprop.Cli;

/// <summary>The live progress line's description, shortened to fit a width: less detail on narrower terminals, never wider than asked.</summary>
public static class ProgressText
{
    /// <summary>The columns the bar, percentage and time left take beside the description (Spectre's columns and their gaps).</summary>
    public static int BarColumns(int width) => width >= 70 ? 34 : 22;

    /// <summary>The widest description of <paramref name="p"/> that fits in <paramref name="width"/> characters.</summary>
    public static string Describe(ProgressPoint p, int width)
    {
        var inv = CultureInfo.InvariantCulture;
        var score = double.IsNaN(p.Accuracy) ? "" : string.Create(inv, $" acc {p.Accuracy:P1}");
        string[] candidates =
        [
            string.Create(inv, $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:G4}{score} {p.StepsPerSecond:F0} steps/s"),
            string.Create(inv, $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:G4}{score}"),
            string.Create(inv, $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:G4}{score}"),
            string.Create(inv, $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:G3}"),
            string.Create(inv, $"{p.Epoch}/{p.Epochs} {p.Loss:G3}"),
            string.Create(inv, $"{p.Epoch}/{p.Epochs}"),
        ];
        return candidates.FirstOrDefault(c => c.Length <= width) ?? candidates[^1][..Math.Max(0, width)];
    }
}
