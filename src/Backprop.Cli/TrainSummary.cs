using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backprop.Cli;

/// <summary>The machine-readable outcome of `train` (summary.json). Stopped: "completed", "cancelled", "diverged: ..." (a loss above --max-loss), or the message of the step (non-finite or failed) that ended the run.</summary>
public sealed record TrainSummary(
    [property: JsonPropertyName("data_set")] string DataSet,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("final_loss")] double FinalLoss,
    [property: JsonPropertyName("test_accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TestAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("optimiser")] string Optimiser,
    [property: JsonPropertyName("parameters")] int Parameters,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("peak_memory_mb")] double PeakMemoryMb,
    [property: JsonPropertyName("stopped")] string Stopped)
{
    /// <summary>Regression only: test RMSE, MAE (in the target's units) and R².</summary>
    [JsonPropertyName("test_rmse"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? TestRmse { get; init; }

    [JsonPropertyName("test_mae"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? TestMae { get; init; }

    [JsonPropertyName("test_r2"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? TestR2 { get; init; }

    [JsonPropertyName("task")] public string Task { get; init; } = "classification";

    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Diverged = "diverged";

    /// <summary>Indented; a NaN or infinite figure (a run stopped before its first step) is written as a string, "NaN".</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
