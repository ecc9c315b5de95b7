using System.Numerics;
using System.Text;
using System.Text.Json;
using Backprop.Functional.Plots;
using Backprop.Functional.Serialisation;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// The files a run leaves in its folder, each written atomically (a temporary file, then a rename):
/// params.safetensors (with the architecture in __metadata__), checkpoint.safetensors and run.json (at each epoch's end:
/// what `train --resume` continues from), metrics.csv, summary.json,
/// and the plots loss.png (train and test loss and accuracy per epoch) and gradient-norms.png (per layer, per step).
/// </summary>
public sealed record RunFiles(string Folder)
{
    public string Params => Path.Combine(Folder, "params.safetensors");
    public string Checkpoint => Path.Combine(Folder, "checkpoint.safetensors");
    public string Metrics => Path.Combine(Folder, "metrics.csv");
    public string Summary => Path.Combine(Folder, "summary.json");

    public Fin<Unit> WriteParams<T>(Params<T> parameters, ModelSpec spec) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Safetensors.Write(Params, parameters, spec.ToMetadata());

    public Fin<Unit> WriteCheckpoint<T>(Checkpoint<T> checkpoint) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        checkpoint.Save(Checkpoint);

    public Fin<Unit> WriteMetrics(IEnumerable<MetricsRow> rows, string[] scores) =>
        WriteText(Metrics, string.Join("\n", rows.Select(r => r.ToCsv(scores)).Prepend(MetricsRow.HeaderFor(scores))) + "\n");

    public string LossPlot => Path.Combine(Folder, "loss.png");
    public string GradientNormPlot => Path.Combine(Folder, "gradient-norms.png");
    public string PredictionPlot => Path.Combine(Folder, "predicted-vs-actual.png");

    /// <summary>Predicted against actual test targets, with the line y = x (regression).</summary>
    public Fin<Unit> WritePredictionPlot(double[] actual, double[] predicted, string target) => Plot(() =>
    {
        var (lo, hi) = (Math.Min(actual.Min(), predicted.Min()), Math.Max(actual.Max(), predicted.Max()));
        double[] diagonal = [.. Enumerable.Range(0, 60).Select(i => lo + (hi - lo) * i / 59)];
        Charts.Scatter($"Test split: predicted against actual {target}", $"actual {target}", $"predicted {target}",
            new Series("test rows", actual, predicted), new Series("predicted = actual", diagonal, diagonal)).SavePng(PredictionPlot);
    });

    /// <summary>The plots; a machine without fonts gets an error value, never a failed run.</summary>
    public Fin<Unit> WritePlots(IReadOnlyList<MetricsRow> rows, IReadOnlyList<IReadOnlyDictionary<string, double>> gradNorms) => Plot(() =>
    {
        LossChart(rows).SavePng(LossPlot);
        Charts.GradientNorms(gradNorms).SavePng(GradientNormPlot);
    });

    /// <summary>Train and test loss (and accuracy) per epoch; a run without a completed epoch says so in the title.</summary>
    public static Chart LossChart(IReadOnlyList<MetricsRow> rows) =>
        Charts.LossCurves([.. rows.Select(r => r.TrainLoss)], [.. rows.Select(r => r.TestLoss)],
            [.. rows.Select(r => r.TrainAccuracy)], [.. rows.Select(r => r.TestAccuracy)], LossTitle(rows));

    public static string LossTitle(IReadOnlyList<MetricsRow> rows) =>
        rows.Count == 0 ? "Loss: no completed epoch (the run stopped during the first)" : "Loss and accuracy (validation = test split)";

    private Fin<Unit> Plot(Action draw)
    {
        try
        {
            draw();
            return Unit.Default;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error.New($"{Folder}: {e.GetType().Name}: {e.Message}");
        }
    }

    public string Run => Path.Combine(Folder, "run.json");

    public Fin<Unit> WriteRun(RunRecord record) => WriteText(Run, record.ToJson());

    public Fin<Unit> WriteSummary(TrainSummary summary) =>
        WriteText(Summary, JsonSerializer.Serialize(summary, TrainSummary.JsonOptions) + "\n");

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically (a temporary file beside it, then a rename).</summary>
    public static Fin<Unit> WriteText(string path, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
            return Unit.Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (Exception x) when (x is IOException or UnauthorizedAccessException) { /* keep the first error */ }
            return Error.New($"{path}: cannot write: {e.Message}");
        }
    }
}
