using System.Buffers.Binary;
using System.Text;

namespace Backprop.Functional.Tests.Serialisation;

/// <summary>Hand-made safetensors files: a JSON header (as text) and raw data bytes.</summary>
internal static class SafetensorsBytes
{
    public static byte[] Make(string header, byte[] data, ulong? headerLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, headerLength ?? (ulong)json.Length);
        return [.. length, .. json, .. data];
    }

    public static byte[] Floats(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];
}
