namespace Backprop.Functional.Kernels;

/// <summary>
/// The sizes of a 2-D convolution (or pooling window) over NCHW images: input [Batch, Channels, Height, Width],
/// kernel [OutChannels, Channels, KernelH, KernelW], output [Batch, OutChannels, OutHeight, OutWidth].
/// </summary>
public readonly record struct ConvGeometry(
    int Batch, int Channels, int Height, int Width, int OutChannels, int KernelH, int KernelW, int Stride, int Padding)
{
    public int OutHeight => (Height + 2 * Padding - KernelH) / Stride + 1;
    public int OutWidth => (Width + 2 * Padding - KernelW) / Stride + 1;

    /// <summary>Rows of the im2col matrix: one per (channel, kernel row, kernel column).</summary>
    public int Patch => Channels * KernelH * KernelW;

    /// <summary>Columns of the im2col matrix: one per output pixel.</summary>
    public int Pixels => OutHeight * OutWidth;

    public int ImageSize => Channels * Height * Width;
    public int OutImageSize => OutChannels * Pixels;
}
