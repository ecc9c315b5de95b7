using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Backprop.Functional.Tensors;
using LanguageExt;
using LanguageExt.Common;

namespace Backprop.Functional.Serialisation;

/// <summary>
/// Reads and writes <see cref="Params{T}"/> as safetensors: an 8-byte little-endian header length,
/// a JSON header mapping each tensor name to its dtype ("F16", "F32", "F64"), shape and
/// data_offsets [begin, end) in the data section (plus an optional "__metadata__" string map),
/// then the little-endian tensor data, contiguous, in name order. Reading checks everything
/// (see <see cref="Parse{T}"/>); a bad file is an error value naming the file and the place.
/// </summary>
public static partial class Safetensors
{
    /// <summary>The largest header accepted (as in the reference implementation).</summary>
    public const int MaxHeaderBytes = 100 << 20;

    private const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static Fin<Unit> Write<T>(string path, Params<T> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Serialise(tensors, metadata).Bind(bytes => AtomicFile.Write(path, bytes));

    /// <summary>Reads a file whose tensors are stored as <typeparamref name="T"/> (or any float dtype when <paramref name="convert"/>).</summary>
    public static Fin<SafetensorsFile<T>> Read<T>(string path, bool convert = false) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return Error.New($"{path}: file not found");
            if (info.Length > Array.MaxLength) return Error.New($"{path}: {info.Length} bytes is larger than this reader accepts ({Array.MaxLength})");
            return Parse<T>(File.ReadAllBytes(path), path, convert);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"{path}: cannot read: {e.Message}");
        }
    }

    /// <summary>Reads only the tensors of a file (see <see cref="Read{T}"/>).</summary>
    public static Fin<Params<T>> ReadParams<T>(string path, bool convert = false) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Read<T>(path, convert).Map(f => f.Tensors);

    /// <summary>The bytes of a safetensors file holding <paramref name="tensors"/>; the header is padded with spaces to 8 bytes.</summary>
    public static Fin<byte[]> Serialise<T>(Params<T> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (tensors.Contains(MetadataKey)) return Error.New($"a tensor may not be named '{MetadataKey}'");
        if (!BitConverter.IsLittleEndian) return Error.New("safetensors writing needs a little-endian machine");
        if (Dtype<T>() is not { } dtype) return Error.New($"safetensors has no dtype for {typeof(T).Name}");
        var size = Marshal.SizeOf<T>();
        var dataLength = tensors.Sum(e => (long)e.Value.Size * size);
        var header = Header(tensors, metadata, dtype, size);
        var headerLength = (header.Length + 7) / 8 * 8;
        if (8L + headerLength + dataLength > Array.MaxLength) return Error.New($"{dataLength} bytes of tensors do not fit in one file buffer");
        var bytes = new byte[8 + headerLength + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        header.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + header.Length, headerLength - header.Length).Fill((byte)' ');
        var offset = 8 + headerLength;
        foreach (var (_, t) in tensors)
        {
            MemoryMarshal.AsBytes(t.Span).CopyTo(bytes.AsSpan(offset));
            offset += t.Size * size;
        }
        return bytes;
    }

    private static byte[] Header<T>(Params<T> tensors, IReadOnlyDictionary<string, string>? metadata, string dtype, int size)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(e => e.Key, StringComparer.Ordinal)) json.WriteString(k, v);
                json.WriteEndObject();
            }
            var offset = 0L;
            foreach (var (name, t) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var d in t.Shape.Dims) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += (long)t.Size * size);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The safetensors dtype name of <typeparamref name="T"/>.</summary>
    public static string? Dtype<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? "F32"
        : typeof(T) == typeof(double) ? "F64"
        : typeof(T) == typeof(Half) ? "F16"
        : null;

    private static int SizeOf(string dtype) => dtype switch { "F16" => 2, "F32" => 4, "F64" => 8, _ => 0 };
}
