using System.Buffers.Binary;
using System.Text;
using Backprop.Functional.Tensors;

namespace Backprop.Functional.Tests.Serialisation;

/// <summary>Keyed mutations of a valid file for the fuzz tests: byte flips, truncation, insertions, header-length and number edits.</summary>
internal static class Mutations
{
    private static readonly string[] Numbers = ["-1", "0", "1", "4294967296", "18446744073709551615", "99999999999999999999", "1e400", "0.5", "2147483648", "[]", "null", "\"F32\""];
    private static readonly byte[] JsonBytes = Encoding.ASCII.GetBytes("{}[]\",:0123456789-e. ");

    /// <summary>A mutant of <paramref name="file"/> chosen by <paramref name="key"/>; <paramref name="headerEnd"/> bounds the header region.</summary>
    public static byte[] Mutate(byte[] file, int headerEnd, Key key)
    {
        int Pick(int i, int n) => (int)(key.Bits(i) % (ulong)Math.Max(n, 1));
        var bytes = (byte[])file.Clone();
        switch (Pick(0, 8))
        {
            case 0:                                                       // flip 1-4 bytes anywhere
                for (var i = 0; i <= Pick(1, 4); i++) bytes[Pick(10 + i, bytes.Length)] ^= (byte)(1 + Pick(20 + i, 255));
                return bytes;
            case 1:                                                       // truncate
                return bytes[..Pick(1, bytes.Length)];
            case 2:                                                       // a header byte becomes a JSON-ish character
                for (var i = 0; i <= Pick(1, 3); i++) bytes[Pick(10 + i, headerEnd)] = JsonBytes[Pick(20 + i, JsonBytes.Length)];
                return bytes;
            case 3:                                                       // the leading length/size field changes
                var at = Pick(1, Math.Min(headerEnd, 16) / 4) * 4;
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), Pick(2, 3) switch
                {
                    0 => (uint)key.Bits(3),
                    1 => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)) + (uint)Pick(3, 9) - 4,
                    _ => BinaryPrimitives.ReverseEndianness(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)) + (uint)Pick(3, 9) - 4),
                });
                return bytes;
            case 4:                                                       // insert or delete a run of bytes
                var pos = Pick(1, bytes.Length);
                var len = 1 + Pick(2, 8);
                return Pick(3, 2) == 0
                    ? [.. bytes[..pos], .. Enumerable.Range(0, len).Select(i => (byte)key.Bits(10 + i)), .. bytes[pos..]]
                    : [.. bytes[..pos], .. bytes[Math.Min(bytes.Length, pos + len)..]];
            case 5:                                                       // append garbage
                return [.. bytes, .. Enumerable.Range(0, 1 + Pick(1, 16)).Select(i => (byte)key.Bits(10 + i))];
            case 6:                                                       // replace a digit run in the header with an odd number
                var text = Encoding.Latin1.GetString(bytes, 0, headerEnd);
                var digits = Enumerable.Range(8, Math.Max(0, headerEnd - 8)).Where(i => char.IsAsciiDigit(text[i])).ToArray();
                if (digits.Length == 0) return bytes;
                var start = digits[Pick(1, digits.Length)];
                var end = start;
                while (end < headerEnd && char.IsAsciiDigit(text[end])) end++;
                return [.. bytes[..start], .. Encoding.ASCII.GetBytes(Numbers[Pick(2, Numbers.Length)]), .. bytes[end..]];
            default:                                                      // swap two 8-byte blocks
                var a = Pick(1, bytes.Length / 8) * 8;
                var b = Pick(2, bytes.Length / 8) * 8;
                var block = bytes.AsSpan(a, Math.Min(8, bytes.Length - a)).ToArray();
                bytes.AsSpan(b, Math.Min(8, bytes.Length - b)).CopyTo(bytes.AsSpan(a));
                block.AsSpan(0, Math.Min(block.Length, bytes.Length - b)).CopyTo(bytes.AsSpan(b));
                return bytes;
        }
    }
}
