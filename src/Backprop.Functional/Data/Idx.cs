using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Compression;
using System.Runtime.InteropServices;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Data;

/// <summary>
/// Reads IDX files (the MNIST format): two zero bytes, a type code, the rank, one big-endian
/// 32-bit size per dimension, then the elements, big-endian. Plain or gzipped. Every problem is
/// an error naming the source and the byte offset (in the decompressed data for .gz).
/// </summary>
public static class Idx
{
    /// <summary>The largest element data accepted (1 GiB), so a corrupt header cannot ask for more.</summary>
    public const long MaxDataBytes = 1L << 30;

    private const int MaxRank = 16;

    /// <summary>Reads a file, gzipped or plain (told apart by the gzip magic bytes).</summary>
    public static Fin<IdxArray> ReadFile(string path)
    {
        if (!File.Exists(path)) return Error.New($"{path}: file not found");
        try
        {
            using var file = File.OpenRead(path);
            var gzip = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
            file.Position = 0;
            return Read(file, path, gzip);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"{path}: cannot open: {e.Message}");
        }
    }

    /// <summary>Reads one IDX array from <paramref name="stream"/> (which it disposes), decompressing if <paramref name="gzip"/>.</summary>
    public static Fin<IdxArray> Read(Stream stream, string source, bool gzip)
    {
        var counted = new Counter(gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        try
        {
            using (counted.Inner) return Parse(counted, source);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Error.New($"{source}: byte {counted.Position}: cannot read{(gzip ? " (gzip)" : "")}: {e.Message}");
        }
    }

    internal static int ElementSize(IdxType type) => type switch
    {
        IdxType.UByte or IdxType.SByte => 1,
        IdxType.Int16 => 2,
        IdxType.Int32 or IdxType.Float32 => 4,
        _ => 8,
    };

    private static Fin<IdxArray> Parse(Counter input, string source)
    {
        Error Fail(long offset, string what) => Error.New($"{source}: byte {offset}: {what}");

        Span<byte> magic = stackalloc byte[4];
        var got = input.ReadFully(magic);
        if (got < 4) return Fail(got, $"truncated: the file ends inside the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) return Fail(0, $"wrong magic: IDX files start with two zero bytes, found 0x{magic[0]:X2}{magic[1]:X2}");
        var type = (IdxType)magic[2];
        if (!Enum.IsDefined(type)) return Fail(2, $"unknown IDX type code 0x{magic[2]:X2} (expected 08, 09, 0B, 0C, 0D or 0E)");
        int rank = magic[3];
        if (rank is 0 or > MaxRank) return Fail(3, $"rank {rank} is not between 1 and {MaxRank}");

        var header = 4 + 4 * rank;
        Span<byte> sizes = stackalloc byte[4 * rank];
        got = input.ReadFully(sizes);
        if (got < sizes.Length) return Fail(4 + got, $"truncated: the file ends inside the {rank} dimension sizes");
        var dims = new int[rank];
        var count = 1L;
        for (var axis = 0; axis < rank; axis++)
        {
            var d = BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * axis)..]);
            if (d > int.MaxValue) return Fail(4 + 4 * axis, $"dimension {axis} is {d}, larger than 2^31 - 1");
            dims[axis] = (int)d;
            count = Math.Min(count * d, MaxDataBytes + 1);
        }
        var size = ElementSize(type);
        var length = count * size;
        if (length > MaxDataBytes || count > Array.MaxLength)
            return Fail(4, $"dimensions [{string.Join(", ", dims)}] of {type} need more than {MaxDataBytes} bytes");

        var data = ReadData(input, (int)length);
        if (data.Length < length)
            return Fail(header + data.Length, $"truncated: dimensions [{string.Join(", ", dims)}] of {type} need {length} data bytes after the {header}-byte header, the file has {data.Length}");
        if (input.ReadFully(stackalloc byte[1]) > 0)
            return Fail(header + length, $"{type} data of dimensions [{string.Join(", ", dims)}] ends here but the file goes on");
        ToHostOrder(type, data);
        return new IdxArray(source, type, [.. dims], header, ImmutableCollectionsMarshal.AsImmutableArray(data));
    }

    /// <summary>Reads up to <paramref name="length"/> bytes, growing the buffer as data arrives (never trusting the header alone).</summary>
    private static byte[] ReadData(Counter input, int length)
    {
        var buffer = new byte[Math.Min(length, 1 << 20)];
        var filled = 0;
        while (true)
        {
            filled += input.ReadFully(buffer.AsSpan(filled));
            if (filled < buffer.Length || filled == length) return filled == buffer.Length ? buffer : buffer[..filled];
            Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
        }
    }

    private static void ToHostOrder(IdxType type, byte[] data)
    {
        if (!BitConverter.IsLittleEndian) return;
        switch (ElementSize(type))
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, short>(data), MemoryMarshal.Cast<byte, short>(data.AsSpan())); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(data), MemoryMarshal.Cast<byte, int>(data.AsSpan())); break;
            case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, long>(data), MemoryMarshal.Cast<byte, long>(data.AsSpan())); break;
        }
    }

    /// <summary>A stream reader that counts the bytes it has handed out, for error offsets.</summary>
    private sealed class Counter(Stream inner)
    {
        public Stream Inner { get; } = inner;
        public long Position { get; private set; }

        public int ReadFully(Span<byte> into)
        {
            var total = 0;
            while (total < into.Length)
            {
                var n = Inner.Read(into[total..]);
                if (n == 0) break;
                total += n;
                Position += n;
            }
            return total;
        }
    }
}
