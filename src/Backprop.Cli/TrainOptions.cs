namespace Backprop.Cli;

/// <summary>What `train` was asked to do, after parsing and validation.</summary>
public sealed record TrainOptions(
    string Data, int[] Hidden, int Epochs, int Batch, double LearningRate, int Seed, string Out, string Dtype);
