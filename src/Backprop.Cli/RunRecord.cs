using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Cli;

/// <summary>
/// run.json: what a run was asked to do and how far it got: the options, the epochs completed, the step count and
/// seconds at that point, and the metrics rows so far. Written with each epoch's checkpoint; `train --resume` reads it.
/// </summary>
public sealed record RunRecord(
    [property: JsonPropertyName("options")] TrainOptions Options,
    [property: JsonPropertyName("epochs_done")] int EpochsDone,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("metrics")] MetricsRow[] Metrics)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(TrainSummary.JsonOptions);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>The record in <paramref name="folder"/>/run.json; an error says why a folder cannot be resumed.</summary>
    public static Fin<RunRecord> Read(string folder)
    {
        var path = Path.Combine(folder, "run.json");
        if (!Directory.Exists(folder)) return Error.New($"--resume {folder}: no such folder");
        if (!File.Exists(path)) return Error.New($"--resume {folder}: no run.json (no epoch of a run finished there)");
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), JsonOptions) is { Options: not null, Metrics: not null } r
                ? r with { Options = r.Options with { Out = folder, Overwrite = false } }
                : Error.New($"{path}: not a run record");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return Error.New($"{path}: cannot read: {e.Message}");
        }
    }
}
