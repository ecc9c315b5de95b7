using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backprop.Cli;

/// <summary>The machine-readable outcome of `train` (summary.json).</summary>
public sealed record TrainSummary(
    [property: JsonPropertyName("data_set")] string DataSet,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("final_loss")] double FinalLoss,
    [property: JsonPropertyName("test_accuracy")] double TestAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("seed")] int Seed)
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };
}
