using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backprop.Cli;

/// <summary>The machine-readable outcome of `train` (summary.json). Stopped: "completed", "cancelled" or the message of the step (non-finite or failed) that ended the run.</summary>
public sealed record TrainSummary(
    [property: JsonPropertyName("data_set")] string DataSet,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("final_loss")] double FinalLoss,
    [property: JsonPropertyName("test_accuracy")] double TestAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("optimiser")] string Optimiser,
    [property: JsonPropertyName("parameters")] int Parameters,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("peak_memory_mb")] double PeakMemoryMb,
    [property: JsonPropertyName("stopped")] string Stopped)
{
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };
}
