namespace Backprop.Cli;

/// <summary>What `train` was asked to do, after parsing, validation and the data set's defaults.</summary>
public sealed record TrainOptions(
    string Data, string Model, int[] Hidden, string Activation, string Optimiser, double LearningRate, string Schedule,
    int Epochs, int Batch, int Seed, int? Threads, string Out, string Dtype, double Dropout, int Shift, double WeightDecay);
