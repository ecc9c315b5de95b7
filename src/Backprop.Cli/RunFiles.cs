using System.Numerics;
using System.Text;
using System.Text.Json;
using Backprop.Functional.Serialization;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// The files a run leaves in its folder, each written atomically (a temporary file, then a rename):
/// params.safetensors (with the architecture in __metadata__), checkpoint.safetensors, metrics.csv, summary.json.
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
