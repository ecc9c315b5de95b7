namespace Backprop.Cli;

/// <summary>
/// What `train` was asked to do, after parsing, validation and the data set's defaults. Out: the run folder (null: a new
/// one under runs/). Loss: a regression's, "mse" or "huber". MaxLoss: a batch loss above it stops the run as diverged (null: 1000 times the first step's loss, at least 1000).
/// </summary>
public sealed record TrainOptions(
    string Data, string Model, int[] Hidden, string Activation, string Optimiser, double LearningRate, string Schedule,
    int Epochs, int Batch, int Seed, int? Threads, string? Out, string Dtype, double Dropout, int Shift, double WeightDecay,
    bool Overwrite = false, double? MaxLoss = null, TableOptions? TableOptions = null, string Loss = "mse")
{
    [System.Text.Json.Serialization.JsonIgnore]
    public TableOptions Table => TableOptions ?? Cli.TableOptions.Default;
}
