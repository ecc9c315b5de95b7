namespace Backprop.Cli;

/// <summary>
/// Per-data-set defaults for `train`; any option given on the command line wins.
/// Schedule: "constant", or "cosine" (linear warm-up over the first epoch's steps, then cosine decay to zero).
/// Shift: the largest random translation of images, in pixels (0: no augmentation). ±2 helps MNIST but hurt
/// Fashion-MNIST, whose items are centred (MLP, seed 0: 83.4% with ±2 against 85.6% without).
/// </summary>
public sealed record Preset(
    int[] Hidden, string Activation, string Optimiser, double LearningRate, string Schedule, int Epochs, int Batch,
    double Dropout, int Shift, double WeightDecay)
{
    public static Preset For(string data, string model) => (data, model) switch
    {
        ("mnist", "conv") => new([128], "relu", "adam", 2e-3, "cosine", 8, 64, 0, 2, 0),
        ("mnist", _) => new([256, 128], "relu", "adam", 2e-3, "cosine", 15, 64, 0, 2, 0),
        ("fashion", "conv") => new([128], "relu", "adam", 2e-3, "cosine", 8, 64, 0, 0, 0),
        ("fashion", _) => new([256, 128], "relu", "adam", 2e-3, "cosine", 15, 64, 0, 0, 0),
        ("digits", "conv") => new([64], "relu", "adam", 3e-3, "cosine", 20, 32, 0, 0, 0),
        ("digits", _) => new([256], "relu", "momentum", 0.05, "cosine", 30, 32, 0, 0, 0),
        ("iris", _) => new([16], "relu", "adam", 1e-2, "constant", 100, 16, 0, 0, 0),
        ("spam", _) => new([64], "relu", "adam", 1e-3, "cosine", 8, 32, 0, 0, 0),
        _ => new([64], "relu", "adam", 1e-3, "cosine", 30, 32, 0, 0, 0),
    };
}
