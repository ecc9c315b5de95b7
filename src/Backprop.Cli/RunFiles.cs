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
/// params.safetensors (with the architecture in __metadata__), checkpoint.safetensors, metrics.csv, summary.json,
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

    public Fin<Unit> WriteMetrics(IEnumerable<MetricsRow> rows) =>
        WriteText(Metrics, string.Join("\n", rows.Select(r => r.ToString()).Prepend(MetricsRow.Header)) + "\n");

    public string LossPlot => Path.Combine(Folder, "loss.png");
    public string GradientNormPlot => Path.Combine(Folder, "gradient-norms.png");

    /// <summary>The plots; a machine without fonts gets an error value, never a failed run.</summary>
    public Fin<Unit> WritePlots(IReadOnlyList<MetricsRow> rows, IReadOnlyList<IReadOnlyDictionary<string, double>> gradNorms)
    {
        try
        {
            Charts.LossCurves([.. rows.Select(r => r.TrainLoss)], [.. rows.Select(r => r.TestLoss)],
                [.. rows.Select(r => r.TrainAccuracy)], [.. rows.Select(r => r.TestAccuracy)], "Loss and accuracy (validation = test split)").SavePng(LossPlot);
            Charts.GradientNorms(gradNorms).SavePng(GradientNormPlot);
            return Unit.Default;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error.New($"{Folder}: {e.GetType().Name}: {e.Message}");
        }
    }

    public Fin<Unit> WriteSummary(TrainSummary summary) =>
        WriteText(Summary, JsonSerializer.Serialize(summary, TrainSummary.JsonOptions) + "\n");

    private static Fin<Unit> WriteText(string path, string text)
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
