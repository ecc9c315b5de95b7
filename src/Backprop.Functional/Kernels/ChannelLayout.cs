namespace Backprop.Functional.Kernels;

/// <summary>
/// A tensor seen as [Outer, Channels, Inner] around one axis: NCHW around axis 1 is
/// [batch, channels, h·w]; [batch, features] is [batch, features, 1]; rows of a matrix are [1, rows, cols].
/// </summary>
public readonly record struct ChannelLayout(int Outer, int Channels, int Inner)
{
    public int Size => Outer * Channels * Inner;

    /// <summary>Elements that share one channel: Outer·Inner.</summary>
    public int PerChannel => Outer * Inner;
}
