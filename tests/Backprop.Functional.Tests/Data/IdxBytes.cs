using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Functional.Tests.Data;

/// <summary>Builds IDX files in memory for the tests.</summary>
internal static class IdxBytes
{
    public static byte[] Make(byte type, int[] dims, byte[] data)
    {
        var header = new byte[4 + 4 * dims.Length];
        header[2] = type;
        header[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dims[i]);
        return [.. header, .. data];
    }

    public static byte[] UBytes(int[] dims) =>
        Make(0x08, dims, [.. Enumerable.Range(0, dims.Aggregate(1, (a, b) => a * b)).Select(i => (byte)(i * 7 % 256))]);

    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(plain);
        return output.ToArray();
    }
}
